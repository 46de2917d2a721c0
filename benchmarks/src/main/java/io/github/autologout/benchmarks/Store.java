package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SpringSessionIndex;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A real session store filled with Spring Session's own structures and autologout's tracker.
 */
interface Store extends AutoCloseable {

	Duration IDLE = SecurityChains.POLICY.idleTimeout();

	/**
	 * Threads of the executor that ends a logout's sessions concurrently, as the starter's
	 * auto-configuration has them; {@code -Dautologout.benchmarks.session-threads=0} ends them
	 * sequentially.
	 */
	int SESSION_THREADS = Integer.getInteger("autologout.benchmarks.session-threads", 8);

	String name();

	/**
	 * Removes every session and every autologout structure.
	 */
	void clear();

	/**
	 * Adds authenticated sessions of users named {@code bg-<n>}, as fast as the store allows while
	 * writing what Spring Session and autologout write.
	 * @param sessions how many sessions
	 * @param sessionsPerUser how many sessions each user has
	 */
	void fill(int sessions, int sessionsPerUser);

	/**
	 * Creates sessions of a user through the Spring Session repository and tracks them.
	 * @param username the user
	 * @param count how many
	 * @param lastActivity the last activity recorded in each
	 * @return the ids
	 */
	List<String> createSessions(String username, int count, Instant lastActivity);

	SessionIndex index();

	SessionLookup lookup();

	RevocationRegistry registry();

	SessionTracker tracker();

	/**
	 * Finds a user's sessions the naive way: reads and decodes the security context of every
	 * session in the store.
	 * @param username the user
	 * @return how many sessions of the user were found
	 */
	int naiveScan(String username);

	/**
	 * Prints what the store measures of autologout's state.
	 * @param sessions how many sessions the store holds
	 * @param out where to print
	 */
	void memory(int sessions, PrintStream out);

	@Override
	void close();

	/**
	 * The executor of {@link SpringSessionIndex#setExecutor}, configured like the starter's
	 * {@code autoLogoutSessionExecutor}, or {@code null} for sequential calls.
	 */
	static @Nullable Executor sessionExecutor() {
		return SessionExecutor.INSTANCE;
	}

	static SecurityContext securityContext(String username, String sessionId) {
		return securityContext(username, sessionId, 1);
	}

	/**
	 * A user's security context with the given number of roles, {@code ROLE_USER} first, which
	 * makes it larger when serialized.
	 */
	static SecurityContext securityContext(String username, String sessionId, int roles) {
		List<SimpleGrantedAuthority> authorities = IntStream.range(0, roles)
			.mapToObj((i) -> new SimpleGrantedAuthority((i == 0) ? "ROLE_USER" : "ROLE_GROUP_" + i))
			.toList();
		User user = new User(username, "", authorities);
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, authorities);
		authentication.setDetails(new WebAuthenticationDetails("127.0.0.1", sessionId));
		return new SecurityContextImpl(authentication);
	}

	/**
	 * Saves one authenticated session as the application would after login and a request, and
	 * tracks it as autologout does: the login is seen and tracked before the session is saved.
	 */
	static <S extends Session> String save(SessionRepository<S> repository, SessionTracker tracker, String username,
			Instant lastActivity, boolean withAutoLogout) {
		S session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				securityContext(username, session.getId()));
		if (withAutoLogout) {
			SessionTimesAttributes.write(session::setAttribute, SessionTimes.authenticatedAt(lastActivity));
		}
		if (withAutoLogout) {
			tracker.seen(username, lastActivity);
			tracker.track(new TrackedSession(session.getId(), username, lastActivity.plus(IDLE)));
		}
		repository.save(session);
		return session.getId();
	}

	/**
	 * Holds the one executor of the run.
	 */
	final class SessionExecutor {

		static final @Nullable Executor INSTANCE = create();

		private SessionExecutor() {
		}

		private static @Nullable Executor create() {
			if (SESSION_THREADS == 0) {
				return null;
			}
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("autologout-session-");
			executor.setCorePoolSize(SESSION_THREADS);
			executor.setMaxPoolSize(SESSION_THREADS);
			executor.setAllowCoreThreadTimeOut(true);
			executor.setQueueCapacity(1000);
			executor.setDaemon(true);
			executor.initialize();
			return executor;
		}

	}

}

package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.github.autologout.core.SessionTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A {@link SessionIndex} over a Spring Session {@link SessionRepository}, such as Redis or JDBC,
 * shared by every node.
 * <p>
 * A user's sessions are found through the repository's principal index where it has one
 * ({@link FindByIndexNameSessionRepository}), and otherwise through autologout's
 * {@link SessionTracker}, which knows the sessions that authenticated since autologout was added.
 * Either way the cost grows with that user's sessions, never with all sessions.
 *
 * @param <S> the type of the repository's sessions
 */
public final class SpringSessionIndex<S extends Session> implements SessionIndex {

	private static final Log logger = LogFactory.getLog(SpringSessionIndex.class);

	private final SessionRepository<S> repository;

	private final SessionTracker tracker;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	/**
	 * Creates an index.
	 * @param repository the application's session repository
	 * @param tracker the sessions autologout tracks, used where the repository has no principal
	 * index and to list the users with sessions
	 */
	public SpringSessionIndex(SessionRepository<S> repository, SessionTracker tracker) {
		this.repository = repository;
		this.tracker = tracker;
		if (!(repository instanceof FindByIndexNameSessionRepository)) {
			logger.info(repository.getClass().getSimpleName() + " cannot find sessions by user: autologout finds a "
					+ "user's sessions through its own session tracker, which knows those that signed in since "
					+ "autologout was added, and refuses the rest by revocation; an indexed repository (for Redis: "
					+ "spring.session.data.redis.repository-type=indexed) would find every session of a user");
		}
	}

	@Override
	public List<SessionInfo> findByUsername(String username) {
		Collection<? extends Session> found = (this.repository instanceof FindByIndexNameSessionRepository<?> indexed)
				? indexed.findByPrincipalName(username).values()
				: this.tracker.sessionIds(username).stream().map(this.repository::findById).toList();
		List<SessionInfo> sessions = new ArrayList<>(found.size());
		for (Session session : found) {
			describe(session).filter((info) -> info.username().equals(username)).ifPresent(sessions::add);
		}
		return sessions;
	}

	@Override
	public Optional<SessionInfo> findById(String sessionId) {
		return describe(this.repository.findById(sessionId));
	}

	private Optional<SessionInfo> describe(@Nullable Session session) {
		if (session == null) {
			return Optional.empty();
		}
		String username = username(session);
		if (username == null) {
			return Optional.empty();
		}
		return Optional.of(SessionInfo.of(session.getId(), username, session.getCreationTime(), session::getAttribute));
	}

	private @Nullable String username(Session session) {
		Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		if (!(context instanceof SecurityContext securityContext)) {
			return null;
		}
		Authentication authentication = securityContext.getAuthentication();
		return this.trustResolver.isAuthenticated(authentication) ? authentication.getName() : null;
	}

	@Override
	public List<UserSessions> users() {
		List<UserSessions> users = new ArrayList<>();
		for (String username : this.tracker.usernames()) {
			List<SessionInfo> sessions = findByUsername(username);
			if (!sessions.isEmpty()) {
				Instant lastActivity = sessions.stream()
					.map(SessionInfo::lastActivity)
					.filter((instant) -> instant != null)
					.max(Instant::compareTo)
					.orElse(null);
				users.add(new UserSessions(username, sessions.size(), lastActivity));
			}
		}
		return users;
	}

	@Override
	public boolean invalidate(String sessionId) {
		if (this.repository.findById(sessionId) == null) {
			return false;
		}
		this.repository.deleteById(sessionId);
		return true;
	}

	/**
	 * Deletes the sessions by id without reading them first: Spring Session's repositories do
	 * nothing for an id that is gone, and cannot tell whether it was, so every given session
	 * counts as ended.
	 */
	@Override
	public List<SessionInfo> invalidateAll(List<SessionInfo> sessions) {
		for (SessionInfo session : sessions) {
			this.repository.deleteById(session.id());
		}
		return sessions;
	}

}

package io.github.autologout.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.MutableClock;
import io.github.autologout.test.RequestsInFlight;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One node of a cluster: a small secured application whose sessions live in a shared store.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ClusterTestApplication {

	/** One clock for every node of a test, moved forward by the test. */
	static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	/** A user whose every login signs out their other sessions. */
	static final String ONE_SESSION_USER = "solo";

	/** Another user whose every login signs out their other sessions. */
	static final String ONE_SESSION_USER_AGAIN = "sole";

	/** The requests both nodes are still processing. */
	static final RequestsInFlight REQUESTS = new RequestsInFlight();

	/** The logout events of every node, in the order they were published. */
	static final List<AutoLogoutEvent> EVENTS = new CopyOnWriteArrayList<>();

	/** The property that leaves Spring Session JDBC and its data source out, for a node on Redis. */
	static final String WITHOUT_JDBC = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
			+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	/** The property that leaves Spring Session Redis and Redis out, for a node on PostgreSQL. */
	static final String WITHOUT_REDIS = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	/**
	 * The base URL of a started node.
	 * @param node the node's context
	 * @return its URL on 127.0.0.1
	 */
	static String url(ConfigurableApplicationContext node) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) node).getWebServer().getPort();
	}

	@Bean
	Clock clock() {
		return CLOCK;
	}

	@Bean
	RequestsInFlight requestsInFlight() {
		return REQUESTS;
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ForceLogoutService forceLogout) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.formLogin((form) -> form.successHandler(
				signingOutOtherSessionsOf(Set.of(ONE_SESSION_USER, ONE_SESSION_USER_AGAIN), forceLogout)));
		return http.build();
	}

	/**
	 * Signs the users' other sessions out at each of their logins, as an application that allows
	 * a user one session does, then leads where a login leads. The clock moves on first, as it
	 * does between a login and its success handler.
	 */
	private static AuthenticationSuccessHandler signingOutOtherSessionsOf(Set<String> usernames,
			ForceLogoutService forceLogout) {
		AuthenticationSuccessHandler leading = new SavedRequestAwareAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			if (usernames.contains(authentication.getName())) {
				CLOCK.advance(Duration.ofMillis(1));
				forceLogout.logoutOtherSessions(authentication.getName(), request.getSession().getId());
			}
			leading.onAuthenticationSuccess(request, response, authentication);
		};
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				Stream.of("alice", "amber", "bob", "bruno", "carol", "celia", "dave", "dora", "erin", "ezra", "frank", "grace", "heidi", "ivan", "judy", "kim", "leo", "mallory", "nina", "olga", "oscar", "paul", "peggy", "quinn", "rupert", "sole", "solo", "sybil", "trent", "uma", "victor", "walter", "wendy", "xavier", "yvonne", "zoe")
					.map((name) -> User.withUsername(name).password("{noop}secret").roles("USER").build())
					.toList());
	}

	@EventListener
	void record(AutoLogoutEvent event) {
		EVENTS.add(event);
	}

	@RestController
	static class MeController {

		private final ForceLogoutService forceLogout;

		MeController(ForceLogoutService forceLogout) {
			this.forceLogout = forceLogout;
		}

		@GetMapping("/api/me")
		Map<String, String> me(Authentication authentication) {
			return Map.of("username", authentication.getName());
		}

		/** Ends the session without a logout, as an application's own code can. */
		@GetMapping("/api/invalidate")
		Map<String, String> invalidate(HttpSession session) {
			session.invalidate();
			return Map.of("session", "invalidated");
		}

		/**
		 * Force-logs-out the user of the request, this session among theirs, and redirects, as an
		 * administrator's page that ends the sessions of any user, the administrator's own too, does.
		 */
		@GetMapping("/api/logout-own-name")
		void logoutOwnName(Authentication authentication, HttpServletResponse response) throws IOException {
			this.forceLogout.logout(authentication.getName());
			response.sendRedirect("/api/me");
		}

		/** Gives the session a new id without a login, as an application's own code can. */
		@GetMapping("/api/change-session-id")
		Map<String, String> changeSessionId(HttpServletRequest request) {
			return Map.of("session", request.changeSessionId());
		}

		/**
		 * Holds the request, its session loaded, until the test opens the {@link Gate}; then adds
		 * the {@code note} parameter to the session, if given.
		 */
		@GetMapping("/api/slow")
		Map<String, String> slow(Authentication authentication, HttpSession session,
				@RequestParam(required = false) String note) throws InterruptedException {
			Gate gate = Gate.current;
			gate.entered.countDown();
			gate.open.await(10, TimeUnit.SECONDS);
			if (note != null) {
				session.setAttribute("note", note);
			}
			return Map.of("username", authentication.getName());
		}

		/**
		 * Holds the request as {@code /api/slow} does, then redirects, which commits the response
		 * before the request ends.
		 */
		@GetMapping("/api/slow-redirect")
		void slowRedirect(HttpServletResponse response) throws InterruptedException, IOException {
			Gate gate = Gate.current;
			gate.entered.countDown();
			gate.open.await(10, TimeUnit.SECONDS);
			response.sendRedirect("/api/me");
		}

		/**
		 * Holds the request as {@code /api/slow} does, then fails as a request that reads a
		 * session the container invalidated meanwhile does.
		 */
		@GetMapping("/api/slow-failing")
		void slowFailing() throws InterruptedException {
			Gate gate = Gate.current;
			gate.entered.countDown();
			gate.open.await(10, TimeUnit.SECONDS);
			throw new IllegalStateException("getAttribute: Session already invalidated");
		}

	}

	/** Where {@code /api/slow}, {@code /api/slow-redirect} and {@code /api/slow-failing} wait. */
	static final class Gate {

		static volatile Gate current = new Gate();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		static Gate reset() {
			current = new Gate();
			return current;
		}

	}

}

package io.github.autologout.security;

import java.time.Clock;
import java.time.Instant;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Starts the clock of a session when it authenticates, so that its absolute timeout counts from
 * this login and a login elsewhere never extends it, keeps it in its store until autologout ends
 * it, and tracks the session so that it can end without a request.
 */
final class SessionTimesAuthenticationStrategy implements SessionAuthenticationStrategy {

	private final Clock clock;

	private final TimeoutPolicyResolver policyResolver;

	private final @Nullable SessionTracker sessionTracker;

	SessionTimesAuthenticationStrategy(Clock clock, TimeoutPolicyResolver policyResolver,
			@Nullable SessionTracker sessionTracker) {
		this.clock = clock;
		this.policyResolver = policyResolver;
		this.sessionTracker = sessionTracker;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		Instant now = this.clock.instant();
		start(session, authentication.getName(), this.policyResolver.resolve(authentication),
				SessionTimes.authenticatedAt(now), now, this.sessionTracker);
	}

	/**
	 * Starts the clock of a signed-in session: writes its times, keeps it in its store until its
	 * policy can end it, and tracks it, as a login does here and as the filter does for a session
	 * that authenticated without this strategy.
	 */
	static void start(HttpSession session, String username, TimeoutPolicy policy, SessionTimes times, Instant now,
			@Nullable SessionTracker sessionTracker) {
		SessionTimesAttributes.write(session, times);
		SessionStoreTimeout.outlastPolicy(session, policy);
		if (sessionTracker != null) {
			sessionTracker.seen(username, now);
			sessionTracker.track(new TrackedSession(session.getId(), username, policy.deadline(times)));
		}
	}

}

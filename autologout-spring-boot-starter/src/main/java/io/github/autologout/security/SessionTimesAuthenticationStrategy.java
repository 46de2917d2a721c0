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
		SessionTimes times = SessionTimes.authenticatedAt(now);
		SessionTimesAttributes.write(session, times);
		TimeoutPolicy policy = this.policyResolver.resolve(authentication);
		SessionStoreTimeout.outlastPolicy(session, policy);
		if (this.sessionTracker != null) {
			Instant deadline = policy.deadline(times);
			this.sessionTracker.seen(authentication.getName(), now);
			this.sessionTracker.track(new TrackedSession(session.getId(), authentication.getName(), deadline));
		}
	}

}

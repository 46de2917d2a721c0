package io.github.autologout.security;

import java.time.Clock;
import java.time.Instant;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Starts the clock of a session when it authenticates, so that its absolute timeout counts from
 * this login and a login elsewhere never extends it, and tracks the session so that it can end
 * without a request.
 * <p>
 * Every session attribute that autologout updates on later requests is created here, at the
 * login: two concurrent requests of one session that both added the same attribute would both
 * insert it, which Spring Session JDBC refuses with a duplicate key.
 */
final class SessionTimesAuthenticationStrategy implements SessionAuthenticationStrategy {

	private final Clock clock;

	private final TimeoutPolicyResolver policyResolver;

	private final @Nullable SessionTracker sessionTracker;

	private final boolean recordAccountCheck;

	private final boolean recordClientDetails;

	SessionTimesAuthenticationStrategy(Clock clock, TimeoutPolicyResolver policyResolver,
			@Nullable SessionTracker sessionTracker, boolean recordAccountCheck, boolean recordClientDetails) {
		this.clock = clock;
		this.policyResolver = policyResolver;
		this.sessionTracker = sessionTracker;
		this.recordAccountCheck = recordAccountCheck;
		this.recordClientDetails = recordClientDetails;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		SessionTimes times = SessionTimes.authenticatedAt(this.clock.instant());
		SessionTimesAttributes.write(session, times);
		if (this.recordAccountCheck) {
			// the login checked the account
			AccountStatusFilter.recordCheck(session, times.authenticatedAt());
		}
		if (this.recordClientDetails) {
			ClientDetails.record(request, session);
		}
		if (this.sessionTracker != null) {
			Instant deadline = this.policyResolver.resolve(authentication).deadline(times);
			this.sessionTracker.track(new TrackedSession(session.getId(), authentication.getName(), deadline));
		}
	}

}

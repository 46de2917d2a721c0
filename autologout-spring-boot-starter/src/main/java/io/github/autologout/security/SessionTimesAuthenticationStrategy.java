package io.github.autologout.security;

import java.time.Clock;

import io.github.autologout.core.SessionTimes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Starts the clock of a session when it authenticates, so that its absolute timeout counts from
 * this login and a login elsewhere never extends it.
 */
final class SessionTimesAuthenticationStrategy implements SessionAuthenticationStrategy {

	private final Clock clock;

	SessionTimesAuthenticationStrategy(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			SessionTimesAttributes.write(session, SessionTimes.authenticatedAt(this.clock.instant()));
		}
	}

}

package io.github.autologout.security;

import java.time.Duration;

import io.github.autologout.core.TimeoutPolicy;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps a signed-in session in its store a minute past the time its policy can end it, so that
 * autologout, which tells the user why and publishes the event, ends it rather than the store's
 * own timeout ({@code server.servlet.session.timeout}, 30 minutes by default), which does neither.
 */
final class SessionStoreTimeout {

	/** Time for the expiry pass, which runs each second by default, to end the session first. */
	private static final Duration MARGIN = Duration.ofMinutes(1);

	private SessionStoreTimeout() {
	}

	/**
	 * Lengthens the session's max-inactive interval, where it is shorter, to the shorter of the
	 * policy's two timeouts plus a minute; an interval that never expires, or a longer one, is left
	 * alone.
	 * @param session the signed-in session
	 * @param policy the policy of the session's user
	 */
	static void outlastPolicy(HttpSession session, TimeoutPolicy policy) {
		int current = session.getMaxInactiveInterval();
		if (current <= 0) {
			return;
		}
		Duration timeout = (policy.idleTimeout().compareTo(policy.absoluteTimeout()) <= 0) ? policy.idleTimeout()
				: policy.absoluteTimeout();
		long needed = timeout.plus(MARGIN).toSeconds();
		if (current < needed) {
			session.setMaxInactiveInterval((int) Math.min(needed, Integer.MAX_VALUE));
		}
	}

}

package io.github.autologout.security;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;

/**
 * Told of each session that autologout sees authenticate, so that it can be found by user later.
 * <p>
 * {@link AutoLogoutConfigurer} calls every bean of this type at login, after session fixation
 * protection has given the session its new id, and at the first request of a session that
 * authenticated without its login strategy (programmatically, or before autologout was added).
 * It is never called on other requests, so it costs nothing per request.
 */
@FunctionalInterface
public interface AuthenticatedSessionListener {

	/**
	 * Called when a session authenticated.
	 * @param session the session, under the id it has from now on
	 * @param authentication the authentication it holds
	 */
	void authenticated(HttpSession session, Authentication authentication);

}

package io.github.autologout.security;

import java.util.List;

import io.github.autologout.core.SessionTracker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Stops tracking the session of a user who logs out, so that the user's presence ends at once
 * rather than at the session's deadline. A tracker that fails leaves the entry to the expiry
 * checker, which forgets it at that deadline, and the logout goes on.
 */
final class UntrackingLogoutHandler implements LogoutHandler {

	private static final Log logger = LogFactory.getLog(UntrackingLogoutHandler.class);

	private final SessionTracker tracker;

	UntrackingLogoutHandler(SessionTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		HttpSession session = request.getSession(false);
		if (session == null || authentication == null) {
			return;
		}
		try {
			this.tracker.untrack(authentication.getName(), List.of(session.getId()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not stop tracking a session that logged out; its user counts as present until "
					+ "its deadline: " + ex.getMessage());
		}
	}

}

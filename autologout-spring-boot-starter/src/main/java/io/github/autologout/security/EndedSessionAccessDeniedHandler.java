package io.github.autologout.security;

import java.io.IOException;
import java.util.Optional;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Tells a client whose request the CSRF check refused before it reached the
 * {@link AutoLogoutFilter} that the session it came with had ended, and why, as the filter tells
 * any other request of an ended session: a form or a keep-alive posted after autologout ended its
 * session fails that check, since its token was kept in the session. Any other refusal is left
 * to the handler given.
 */
final class EndedSessionAccessDeniedHandler implements AccessDeniedHandler {

	private static final RequestCache NO_PAGES = new NullRequestCache();

	private final RevocationRegistry revocations;

	private final LogoutResponder responder;

	private final AutoLogoutRequestMatchers requests;

	private final AccessDeniedHandler otherwise;

	EndedSessionAccessDeniedHandler(RevocationRegistry revocations, LogoutResponder responder,
			AutoLogoutRequestMatchers requests, AccessDeniedHandler otherwise) {
		this.revocations = revocations;
		this.responder = responder;
		this.requests = requests;
		this.otherwise = otherwise;
	}

	/**
	 * Whether the request is one the CSRF check refuses for having come with a session that
	 * autologout ended: a request of a method that check protects, with no credentials of its
	 * own in an {@code Authorization} header, and the cookie of such a session.
	 * @param request the request
	 * @return whether this handler tells it why
	 */
	boolean matches(HttpServletRequest request) {
		return endOfSessionToTell(request).isPresent();
	}

	private Optional<LogoutReason> endOfSessionToTell(HttpServletRequest request) {
		if (!CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request) || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			return Optional.empty();
		}
		return endOfRequestedSession(request, this.revocations);
	}

	/**
	 * Tells the request why its session ended if {@link #matches(HttpServletRequest) it matches}
	 * and the CSRF check refused it, or hands it to the other handler; Spring Security calls a
	 * lone default handler for every refusal of its chain without asking its matcher.
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException, ServletException {
		Optional<LogoutReason> reason = (accessDeniedException instanceof CsrfException)
				? endOfSessionToTell(request) : Optional.empty();
		if (reason.isEmpty()) {
			this.otherwise.handle(request, response, accessDeniedException);
			return;
		}
		// a request the CSRF check protects is no page to come back to
		this.responder.sendToEndedSessionCookie(request, response, this.requests.kindOf(request), reason.get(),
				NO_PAGES);
	}

	/**
	 * Why the session a request came with, which no longer exists, ended, if autologout ended it.
	 * @param request the request
	 * @param revocations where autologout records the ends of sessions
	 * @return the reason, if autologout ended the session
	 */
	static Optional<LogoutReason> endOfRequestedSession(HttpServletRequest request, RevocationRegistry revocations) {
		String requested = request.getRequestedSessionId();
		if (requested == null || request.isRequestedSessionIdValid()) {
			return Optional.empty();
		}
		return revocations.findSession(requested);
	}

}

package io.github.autologout.security;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.security.AutoLogoutRequestMatchers.RequestKind;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.WebUtils;

/**
 * Tells a client that its session has ended: a browser is redirected to the login page with the
 * reason in the query, a script gets {@code 401} with an {@code application/problem+json} body.
 */
public final class LogoutResponder {

	/** Query parameter of the login page that carries the reason code. */
	public static final String REASON_PARAMETER = "autologout";

	/** Cookie that carries the reason to the login page. */
	public static final String REASON_COOKIE = "AUTOLOGOUT_REASON";

	private static final Duration REASON_COOKIE_AGE = Duration.ofMinutes(5);

	private static final String SEC_FETCH_DEST = "Sec-Fetch-Dest";

	private static final String SEC_PURPOSE = "Sec-Purpose";

	private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

	private static final RequestMatcher SCRIPT_REQUEST = scriptRequestMatcher();

	private final String loginUrl;

	private final String loginPath;

	private final AutoLogoutMessages messages;

	private final DefaultRedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	private final JacksonJsonHttpMessageConverter json = new JacksonJsonHttpMessageConverter();

	/**
	 * Creates a responder.
	 * @param loginUrl the local path of the login page
	 * @param messages the texts of the reasons
	 */
	public LogoutResponder(String loginUrl, AutoLogoutMessages messages) {
		this.loginUrl = loginUrl;
		this.loginPath = UriComponentsBuilder.fromUriString(loginUrl).build().getPath();
		this.messages = messages;
		this.redirectStrategy.setStatusCode(HttpStatus.SEE_OTHER);
	}

	private static RequestMatcher scriptRequestMatcher() {
		MediaTypeRequestMatcher json = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON,
				MediaType.APPLICATION_PROBLEM_JSON);
		json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		json.setUseEquals(false);
		return new OrRequestMatcher(List.of(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"),
				new RequestHeaderRequestMatcher(SEC_FETCH_DEST, "empty"), json));
	}

	/**
	 * Whether the request comes from a script (XHR, fetch) or asks for JSON rather than a page.
	 * @param request the request
	 * @return {@code true} for a script request
	 */
	public boolean isScriptRequest(HttpServletRequest request) {
		return SCRIPT_REQUEST.matches(request);
	}

	/**
	 * Sends the response for an ended session.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param reason why the session ended
	 * @throws IOException if writing fails
	 */
	public void send(HttpServletRequest request, HttpServletResponse response, LogoutReason reason)
			throws IOException {
		if (isScriptRequest(request)) {
			sendProblem(request, response, reason);
			return;
		}
		rememberReason(request, response, reason);
		sendToLoginPage(request, response, reason);
	}

	/**
	 * Sends the response for an ended session as suits the request: the problem to autologout's
	 * own endpoints, whatever they accept, and to scripts; a browser is sent to the login page,
	 * and a page it navigated to with a GET, unless it is the login page, is kept in the request
	 * cache of the chain, as Spring Security keeps a page that needs a login, so that signing in
	 * again leads back to it.
	 */
	void send(HttpServletRequest request, HttpServletResponse response, RequestKind kind, LogoutReason reason,
			RequestCache pages) throws IOException {
		if (kind.isEndpoint()) {
			sendProblem(request, response, reason);
			return;
		}
		keepPage(request, response, pages);
		send(request, response, reason);
	}

	/**
	 * Sends the response to a request that came with the cookie of a session that ended, with a
	 * new session whose cookie replaces the ended one's, so that the browser is told why once and
	 * its later anonymous requests go on, as Spring Security's invalid-session strategy does.
	 */
	void sendToEndedSessionCookie(HttpServletRequest request, HttpServletResponse response, RequestKind kind,
			LogoutReason reason, RequestCache pages) throws IOException {
		request.getSession(true);
		send(request, response, kind, reason, pages);
	}

	/**
	 * Sends an anonymous browser's page to the login page with the reason, where a script of the
	 * browser was told why its session ended (the reason cookie) and no page of it has been yet:
	 * the page that autologout's script reloads then, which comes without the ended session's
	 * cookie where the store cleared it, as Spring Session does, or a new session replaced it.
	 * The page is kept as {@link #send} keeps it, and the reason cookie cleared, since the query
	 * carries the reason, so that later pages go on as any visitor's. A navigation from another
	 * site, or from the address bar, is not the page's own reload and goes on.
	 * @return whether the request was answered
	 */
	boolean sendPageWhoseScriptWasTold(HttpServletRequest request, HttpServletResponse response, RequestKind kind,
			RequestCache pages) throws IOException {
		Cookie cookie = WebUtils.getCookie(request, REASON_COOKIE);
		String site = request.getHeader(SEC_FETCH_SITE);
		if (cookie == null || kind.isEndpoint() || !isNavigation(request)
				|| (site != null && !site.equals("same-origin")) || isLoginPage(request)
				|| request.getParameter(REASON_PARAMETER) != null) {
			return false;
		}
		Optional<LogoutReason> reason = LogoutReason.fromCode(cookie.getValue());
		if (reason.isEmpty()) {
			return false;
		}
		keepPage(request, response, pages);
		clearReason(request, response);
		sendToLoginPage(request, response, reason.get());
		return true;
	}

	private void keepPage(HttpServletRequest request, HttpServletResponse response, RequestCache pages) {
		if (isNavigation(request) && !isLoginPage(request)) {
			pages.saveRequest(request, response);
		}
	}

	/**
	 * Whether the request is a browser's GET of a page to show in its window, not of an image, a
	 * frame, a script's call or a prefetch: told by its fetch metadata where the browser sends it
	 * (not to a site on plain HTTP, nor before Safari 16.4), or else by its asking for HTML, which
	 * browsers ask for when they navigate only.
	 */
	private boolean isNavigation(HttpServletRequest request) {
		if (!HttpMethod.GET.matches(request.getMethod()) || isScriptRequest(request)) {
			return false;
		}
		String destination = request.getHeader(SEC_FETCH_DEST);
		if (destination != null) {
			return destination.equals("document") && request.getHeader(SEC_PURPOSE) == null;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
	}

	private void sendToLoginPage(HttpServletRequest request, HttpServletResponse response, LogoutReason reason)
			throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		String target = UriComponentsBuilder.fromUriString(this.loginUrl)
			.queryParam(REASON_PARAMETER, reason.code())
			.build()
			.toUriString();
		this.redirectStrategy.sendRedirect(request, response, target);
	}

	/**
	 * Sends {@code 401} with an {@code application/problem+json} body whatever the request
	 * accepts, as autologout's own endpoints answer.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param reason why the session ended
	 * @throws IOException if writing fails
	 */
	public void sendProblem(HttpServletRequest request, HttpServletResponse response, LogoutReason reason)
			throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		rememberReason(request, response, reason);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				this.messages.reason(reason, request.getLocale()));
		problem.setTitle(this.messages.text("autologout.problem.title", request.getLocale()));
		problem.setProperty("reason", reason.code());
		problem.setProperty("loginUrl", request.getContextPath() + this.loginUrl);
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		this.json.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
	}

	/**
	 * The reason the login page should show, if any: from the {@value #REASON_PARAMETER} query
	 * parameter, or else from the short-lived cookie set with the last response about an ended
	 * session. The cookie carries the reason to the login page when the application's security
	 * sends the browser to a login URL without the query, and is cleared once the reason is shown
	 * either way, so that a later visit of the login page shows no stale reason.
	 * @param request a request of an anonymous user
	 * @param response the response, to clear the cookie
	 * @return the reason, or empty
	 */
	public Optional<LogoutReason> reasonForLoginPage(HttpServletRequest request, HttpServletResponse response) {
		if (!HttpMethod.GET.matches(request.getMethod())) {
			return Optional.empty();
		}
		Cookie cookie = WebUtils.getCookie(request, REASON_COOKIE);
		Optional<LogoutReason> fromQuery = LogoutReason.fromCode(request.getParameter(REASON_PARAMETER));
		if (fromQuery.isPresent()) {
			if (cookie != null) {
				clearReason(request, response);
			}
			return fromQuery;
		}
		if (cookie == null || !isLoginPage(request)) {
			return Optional.empty();
		}
		clearReason(request, response);
		return LogoutReason.fromCode(cookie.getValue());
	}

	private boolean isLoginPage(HttpServletRequest request) {
		return request.getRequestURI().equals(request.getContextPath() + this.loginPath);
	}

	private void clearReason(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, reasonCookie(request, "", Duration.ZERO).toString());
	}

	/**
	 * Sets the short-lived cookie that carries the reason to the login page, for a browser whose
	 * next request comes without a session.
	 */
	void rememberReason(HttpServletRequest request, HttpServletResponse response, LogoutReason reason) {
		response.addHeader(HttpHeaders.SET_COOKIE, reasonCookie(request, reason.code(), REASON_COOKIE_AGE).toString());
	}

	private static ResponseCookie reasonCookie(HttpServletRequest request, String value, Duration maxAge) {
		String path = StringUtils.hasLength(request.getContextPath()) ? request.getContextPath() : "/";
		return ResponseCookie.from(REASON_COOKIE, value)
			.path(path)
			.maxAge(maxAge)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.build();
	}

}

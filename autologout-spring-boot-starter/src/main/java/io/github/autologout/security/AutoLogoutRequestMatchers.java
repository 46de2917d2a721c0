package io.github.autologout.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The requests autologout treats specially: its status and keep-alive endpoints, and the passive
 * requests that never count as activity (any request to the status endpoint's path among them).
 */
public final class AutoLogoutRequestMatchers {

	private final RequestMatcher status;

	/** Any request to the status endpoint's path, whatever its method. */
	private final RequestMatcher statusPath;

	private final RequestMatcher keepAlive;

	private final RequestMatcher passive;

	/** The patterns of the matchers above, as {@link PathPatternRequestMatcher} parses them. */
	private final PathPattern statusPattern;

	private final PathPattern keepAlivePattern;

	private final List<PathPattern> passivePatterns;

	/**
	 * Creates the matchers.
	 * @param statusPath the path of the status endpoint
	 * @param keepAlivePath the path of the keep-alive endpoint
	 * @param passivePaths path patterns of passive requests
	 */
	public AutoLogoutRequestMatchers(String statusPath, String keepAlivePath, List<String> passivePaths) {
		this.statusPath = PathPatternRequestMatcher.pathPattern(statusPath);
		this.status = (request) -> this.statusPath.matches(request) && isGetOrHead(request.getMethod());
		this.keepAlive = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, keepAlivePath);
		List<RequestMatcher> passive = new ArrayList<>();
		// as kindOf tells them: a keep-alive sharing the status endpoint's path is not passive
		passive.add(new AndRequestMatcher(this.statusPath, new NegatedRequestMatcher(this.keepAlive)));
		passivePaths.forEach((pattern) -> passive.add(PathPatternRequestMatcher.pathPattern(pattern)));
		this.passive = new OrRequestMatcher(passive);
		this.statusPattern = PathPatternParser.defaultInstance.parse(statusPath);
		this.keepAlivePattern = PathPatternParser.defaultInstance.parse(keepAlivePath);
		this.passivePatterns = passivePaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * Matches {@code GET} and {@code HEAD} requests to the status endpoint.
	 * @return the matcher
	 */
	public RequestMatcher status() {
		return this.status;
	}

	/**
	 * Matches {@code POST} requests to the keep-alive endpoint.
	 * @return the matcher
	 */
	public RequestMatcher keepAlive() {
		return this.keepAlive;
	}

	/**
	 * Matches requests that never count as activity.
	 * @return the matcher
	 */
	public RequestMatcher passive() {
		return this.passive;
	}

	/**
	 * Tells what kind of request this is, as the matchers above would, but parsing its path once
	 * for all of them and without caching it in the request: this runs on every request.
	 * @param request the request
	 * @return the kind
	 */
	public RequestKind kindOf(HttpServletRequest request) {
		PathContainer path = pathWithinApplication(request);
		String method = request.getMethod();
		boolean toStatusPath = this.statusPattern.matches(path);
		if (toStatusPath && isGetOrHead(method)) {
			return RequestKind.STATUS;
		}
		if (HttpMethod.POST.matches(method) && this.keepAlivePattern.matches(path)) {
			return RequestKind.KEEP_ALIVE;
		}
		if (toStatusPath) {
			// a request to the status path with another method is not activity either
			return RequestKind.PASSIVE;
		}
		for (PathPattern passivePattern : this.passivePatterns) {
			if (passivePattern.matches(path)) {
				return RequestKind.PASSIVE;
			}
		}
		return RequestKind.ACTIVE;
	}

	/** The request's path without its context path, which {@link PathPatternRequestMatcher} matches too. */
	private static PathContainer pathWithinApplication(HttpServletRequest request) {
		RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request) : ServletRequestPathUtils.parse(request);
		return path.pathWithinApplication();
	}

	/** Whether the method reads, as the status endpoint answers: a {@code HEAD} as a {@code GET} without its body. */
	private static boolean isGetOrHead(String method) {
		return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method);
	}

	/**
	 * What autologout does with a request.
	 */
	public enum RequestKind {

		/** The status endpoint ({@code GET} or {@code HEAD}), answered by autologout and passive. */
		STATUS,

		/** The keep-alive endpoint, answered by autologout. */
		KEEP_ALIVE,

		/** A request that never counts as activity. */
		PASSIVE,

		/** Any other request, which counts as activity. */
		ACTIVE;

		/**
		 * Whether autologout answers this request itself, with JSON.
		 * @return {@code true} for the status and keep-alive endpoints
		 */
		public boolean isEndpoint() {
			return this == STATUS || this == KEEP_ALIVE;
		}

	}

}

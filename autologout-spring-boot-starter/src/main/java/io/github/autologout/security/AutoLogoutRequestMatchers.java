package io.github.autologout.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

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

	private final List<RequestMatcher> passivePaths;

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
		this.passivePaths = passivePaths.stream()
			.map((pattern) -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(pattern))
			.toList();
		List<RequestMatcher> passive = new ArrayList<>();
		// as kindOf tells them: a keep-alive sharing the status endpoint's path is not passive
		passive.add(new AndRequestMatcher(this.statusPath, new NegatedRequestMatcher(this.keepAlive)));
		passive.addAll(this.passivePaths);
		this.passive = new OrRequestMatcher(passive);
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
	 * Tells what kind of request this is, parsing its path once for all the matchers.
	 * @param request the request
	 * @return the kind
	 */
	public RequestKind kindOf(HttpServletRequest request) {
		boolean parsedAlready = ServletRequestPathUtils.hasParsedRequestPath(request);
		if (!parsedAlready) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			boolean toStatusPath = this.statusPath.matches(request);
			if (toStatusPath && isGetOrHead(request.getMethod())) {
				return RequestKind.STATUS;
			}
			if (this.keepAlive.matches(request)) {
				return RequestKind.KEEP_ALIVE;
			}
			if (toStatusPath) {
				// a request to the status path with another method is not activity either
				return RequestKind.PASSIVE;
			}
			for (RequestMatcher passivePath : this.passivePaths) {
				if (passivePath.matches(request)) {
					return RequestKind.PASSIVE;
				}
			}
			return RequestKind.ACTIVE;
		}
		finally {
			if (!parsedAlready) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
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

package io.github.autologout.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests autologout treats specially: its status and keep-alive endpoints, and the passive
 * requests that never count as activity (the status endpoint among them).
 */
public final class AutoLogoutRequestMatchers {

	private final RequestMatcher status;

	private final RequestMatcher keepAlive;

	private final RequestMatcher passive;

	/**
	 * Creates the matchers.
	 * @param statusPath the path of the status endpoint
	 * @param keepAlivePath the path of the keep-alive endpoint
	 * @param passivePaths path patterns of passive requests
	 */
	public AutoLogoutRequestMatchers(String statusPath, String keepAlivePath, List<String> passivePaths) {
		this.status = PathPatternRequestMatcher.pathPattern(HttpMethod.GET, statusPath);
		this.keepAlive = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, keepAlivePath);
		List<RequestMatcher> passive = new ArrayList<>();
		passive.add(this.status);
		passivePaths.forEach((pattern) -> passive.add(PathPatternRequestMatcher.pathPattern(pattern)));
		this.passive = new OrRequestMatcher(passive);
	}

	/**
	 * Matches {@code GET} requests to the status endpoint.
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

}

package io.github.autologout.security;

import java.util.Objects;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The client a session was last used from, kept in two session attributes where the application
 * opts in: both are personal data.
 *
 * @param address the client's IP address as the request reports it, which is the forwarded one
 * behind a proxy when Spring's forwarded-header support is on, or {@code null} if not recorded
 * @param userAgent the client's {@code User-Agent} header, shortened to
 * {@value #MAX_USER_AGENT_LENGTH} characters, or {@code null} if not recorded
 */
public record ClientDetails(@Nullable String address, @Nullable String userAgent) {

	/** Attribute with the client's IP address. */
	public static final String ADDRESS_ATTRIBUTE = "autologout.ip";

	/** Attribute with the client's user agent. */
	public static final String USER_AGENT_ATTRIBUTE = "autologout.ua";

	/** The longest user agent kept; longer ones are cut. */
	public static final int MAX_USER_AGENT_LENGTH = 256;

	/**
	 * Reads the client details of a session of any store.
	 * @param attributes the session's attributes by name
	 * @return the details, with {@code null} for what was not recorded
	 */
	public static ClientDetails read(Function<String, @Nullable Object> attributes) {
		return new ClientDetails(text(attributes.apply(ADDRESS_ATTRIBUTE)),
				text(attributes.apply(USER_AGENT_ATTRIBUTE)));
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text) ? text : null;
	}

	/**
	 * Records the request's client in its session, writing only what changed.
	 * @param request the current request
	 * @param session its session
	 */
	static void record(HttpServletRequest request, HttpSession session) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT_LENGTH) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT_LENGTH);
		}
		ClientDetails current = read(session::getAttribute);
		String address = request.getRemoteAddr();
		if (address != null && !address.equals(current.address())) {
			session.setAttribute(ADDRESS_ATTRIBUTE, address);
		}
		if (userAgent != null && !Objects.equals(userAgent, current.userAgent())) {
			session.setAttribute(USER_AGENT_ATTRIBUTE, userAgent);
		}
	}

}

package io.github.autologout.security;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The client a session was last used from, kept in one session attribute where the application
 * opts in: both are personal data.
 * <p>
 * The attribute is a String of the address, a line feed and the user agent, so that a shared
 * session store reads one small value per request: a line feed can be in neither, since HTTP
 * header values cannot hold one.
 *
 * @param address the client's IP address as the request reports it, which is the forwarded one
 * behind a proxy when Spring's forwarded-header support is on, or {@code null} if not recorded
 * @param userAgent the client's {@code User-Agent} header, shortened to
 * {@value #MAX_USER_AGENT_LENGTH} characters, or {@code null} if not recorded
 */
public record ClientDetails(@Nullable String address, @Nullable String userAgent) {

	/** Attribute with the client's IP address and user agent. */
	public static final String ATTRIBUTE = "autologout.client";

	/** The longest user agent kept; longer ones are cut. */
	public static final int MAX_USER_AGENT_LENGTH = 256;

	private static final char SEPARATOR = '\n';

	private static final ClientDetails NONE = new ClientDetails(null, null);

	/** Stands for a value that its store cannot deserialize. */
	private static final Object UNREADABLE = new Object();

	/**
	 * Reads the client details of a session of any store.
	 * @param attributes the session's attributes by name
	 * @return the details, with {@code null} for what was not recorded or is unreadable
	 */
	public static ClientDetails read(Function<String, @Nullable Object> attributes) {
		if (!(recorded(attributes) instanceof String value)) {
			return NONE;
		}
		int separator = value.indexOf(SEPARATOR);
		if (separator < 0) {
			return NONE;
		}
		return new ClientDetails(emptyToNull(value.substring(0, separator)),
				emptyToNull(value.substring(separator + 1)));
	}

	/** The attribute's value, or {@link #UNREADABLE} where a store cannot deserialize it. */
	private static @Nullable Object recorded(Function<String, @Nullable Object> attributes) {
		try {
			return attributes.apply(ATTRIBUTE);
		}
		catch (IllegalStateException ex) {
			throw ex; // an invalidated session, which its callers tell apart
		}
		catch (RuntimeException ex) {
			return UNREADABLE;
		}
	}

	private static @Nullable String emptyToNull(String text) {
		return text.isEmpty() ? null : text;
	}

	/**
	 * Records the request's client in its session, writing only if it changed.
	 * @param request the current request
	 * @param session its session
	 */
	static void record(HttpServletRequest request, HttpSession session) {
		String address = clean(request.getRemoteAddr(), Integer.MAX_VALUE);
		String userAgent = clean(request.getHeader(HttpHeaders.USER_AGENT), MAX_USER_AGENT_LENGTH);
		Object recorded = recorded(session::getAttribute);
		if (recorded == UNREADABLE) {
			return; // its store cannot replace it either: Spring Session reads the old value first
		}
		if (!isRecorded(recorded, address, userAgent)) {
			session.setAttribute(ATTRIBUTE, address + SEPARATOR + userAgent);
		}
	}

	/** Whether the attribute holds these details already, compared without building its value. */
	private static boolean isRecorded(@Nullable Object value, String address, String userAgent) {
		return value instanceof String recorded && recorded.length() == address.length() + 1 + userAgent.length()
				&& recorded.startsWith(address) && recorded.charAt(address.length()) == SEPARATOR
				&& recorded.endsWith(userAgent);
	}

	/**
	 * The text to keep: empty for none, cut to the given length, and without the separator, which
	 * a header value cannot hold but a servlet container might let through.
	 */
	private static String clean(@Nullable String text, int maxLength) {
		if (text == null) {
			return "";
		}
		String kept = (text.length() > maxLength) ? text.substring(0, maxLength) : text;
		return (kept.indexOf(SEPARATOR) < 0) ? kept : kept.replace(SEPARATOR, ' ');
	}

}

package io.github.autologout.redis;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.session.web.http.CookieSerializer;

/**
 * Reads from the session cookie only ids that cannot name another Redis key than a session's.
 * Spring Session's Redis repositories read a session from the key
 * {@code <namespace>:sessions:<id>}, so a forged cookie whose id holds a colon names another key:
 * {@code expires:<id of a live session>} names the indexed repository's expiry key of that
 * session, a string, whose read fails every request that carries the cookie with a
 * {@code WRONGTYPE} error and a {@code 500}. Spring Session's own ids, UUIDs, have no colon.
 */
public final class RedisKeySafeCookieSerializer implements CookieSerializer {

	private final CookieSerializer delegate;

	/**
	 * Creates a serializer that reads and writes with the given one.
	 * @param delegate the serializer of the session cookie
	 */
	public RedisKeySafeCookieSerializer(CookieSerializer delegate) {
		this.delegate = delegate;
	}

	@Override
	public void writeCookieValue(CookieValue cookieValue) {
		this.delegate.writeCookieValue(cookieValue);
	}

	@Override
	public List<String> readCookieValues(HttpServletRequest request) {
		return this.delegate.readCookieValues(request).stream().filter((id) -> id.indexOf(':') < 0).toList();
	}

}

package io.github.autologout.redis;

/**
 * The session ids that Spring Session's Redis repositories can look up safely. They read a
 * session from the key {@code <namespace>:sessions:<id>}, so a forged id could name another key
 * there: {@code expires:<id of a live session>} names the indexed repository's expiry key of
 * that session, a string, and {@code expirations} the sorted set of its opt-in expiration store,
 * whose reads fail with a {@code WRONGTYPE} error. Spring Session's own ids, UUIDs, are never
 * such names.
 */
public final class RedisSessionKeys {

	private RedisSessionKeys() {
	}

	/**
	 * Whether an id can only name a session's key.
	 * @param id a session id read from a request
	 * @return {@code false} for an id with a colon, or the name of the expiration store's set
	 */
	public static boolean namesOnlyASession(String id) {
		return id.indexOf(':') < 0 && !"expirations".equals(id);
	}

}

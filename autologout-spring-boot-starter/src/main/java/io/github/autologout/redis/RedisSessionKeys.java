package io.github.autologout.redis;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * The session ids that Spring Session's Redis repositories can look up safely, and their failures
 * that tell a session that cannot be read. They read a session from the key
 * {@code <namespace>:sessions:<id>}, so a forged id could name another key there:
 * {@code expires:<id of a live session>} names the indexed repository's expiry key of that
 * session, a string, and {@code expirations} the sorted set of its opt-in expiration store, whose
 * reads fail with a {@code WRONGTYPE} error. Spring Session's own ids, UUIDs, are never such names.
 */
public final class RedisSessionKeys {

	/** The class of Spring Session that maps a session's hash, and fails where a field is missing. */
	private static final String SESSION_MAPPER = "org.springframework.session.data.redis.RedisSessionMapper";

	/** The code of Redis's error reply to a command on a key of another type. */
	private static final String WRONGTYPE_ERROR = "WRONGTYPE ";

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

	/**
	 * Whether a failure of a repository's lookup is its failure to read the session held under
	 * the id's key: an attribute that it cannot deserialize, a hash without a field that Spring
	 * Session requires ({@code creationTime key must not be null}, as a save of a session that
	 * expired or was deleted meanwhile can leave, spring-projects/spring-session#2021), or a key
	 * that holds another type than a hash, which Redis refuses to read as one with a
	 * {@code WRONGTYPE} error. Connection failures and other command failures are not.
	 * @param failure the failure
	 * @return whether the session cannot be read
	 */
	public static boolean isUnreadableSession(RuntimeException failure) {
		if (failure instanceof SerializationException || isWrongType(failure)) {
			return true;
		}
		StackTraceElement[] stack = failure.getStackTrace();
		return failure instanceof IllegalStateException && stack.length > 0
				&& SESSION_MAPPER.equals(stack[0].getClassName());
	}

	/**
	 * Whether Redis answered that a key holds another type than the command reads: an error reply
	 * starts with its code, which the Redis clients keep as the start of their exception's message.
	 */
	static boolean isWrongType(RuntimeException failure) {
		if (!(failure instanceof DataAccessException)) {
			return false;
		}
		String reply = NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
		return reply != null && reply.startsWith(WRONGTYPE_ERROR);
	}

}

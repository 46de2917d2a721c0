package io.github.autologout.session;

import java.util.function.Predicate;

/**
 * How a session store fails to read a session that the application cannot read: as it loads the
 * session, where it reads every attribute at once (Spring Session Redis), or only as an attribute
 * is first read, where it reads each one lazily (Spring Session JDBC), the security context being
 * the attribute that every request of an authenticated session reads.
 *
 * @param isFailure whether a failure is the store's failure to read such a session
 * @param onFirstRead whether the store fails only as an attribute is first read
 */
public record UnreadableSessionFailure(Predicate<RuntimeException> isFailure, boolean onFirstRead) {

	/**
	 * A store that fails as it loads the session.
	 * @param isFailure whether a failure is the store's failure to read such a session
	 * @return the failure
	 */
	public static UnreadableSessionFailure onLoad(Predicate<RuntimeException> isFailure) {
		return new UnreadableSessionFailure(isFailure, false);
	}

	/**
	 * A store that fails as an attribute is first read.
	 * @param type the type of the failure
	 * @return the failure
	 */
	public static UnreadableSessionFailure onFirstRead(Class<? extends RuntimeException> type) {
		return new UnreadableSessionFailure(type::isInstance, true);
	}

}

package io.github.autologout.expiry;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and deletes sessions by id in the application's session store, outside of any request.
 */
public interface SessionLookup {

	/**
	 * The authenticated session with the given id.
	 * @param sessionId the session's id
	 * @return the session, or empty if the store no longer has it or it is not authenticated
	 * @throws io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException
	 * if the session's times are unreadable
	 * @throws UnreadableSessionException if the session's security context is unreadable
	 */
	Optional<StoredSession> find(String sessionId);

	/**
	 * A reader of some sessions of one user, which a store that can read all of a user's sessions
	 * in one query does before it returns; by default each is read by {@link #find} when asked.
	 * @param username the user's name
	 * @param sessionIds ids of sessions of that user
	 * @return a reader that answers for each of these ids as {@link #find} would have at some
	 * moment between this call and the reader's
	 */
	default Function<String, Optional<StoredSession>> readerOf(String username, Collection<String> sessionIds) {
		return this::find;
	}

	/**
	 * Ends the session with the given id; does nothing if it is gone already.
	 * @param sessionId the session's id
	 */
	void delete(String sessionId);

}

package io.github.autologout.expiry;

import java.util.Optional;

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
	 */
	Optional<StoredSession> find(String sessionId);

	/**
	 * Ends the session with the given id; does nothing if it is gone already.
	 * @param sessionId the session's id
	 */
	void delete(String sessionId);

}

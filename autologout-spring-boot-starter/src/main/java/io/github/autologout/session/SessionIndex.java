package io.github.autologout.session;

import java.util.List;
import java.util.Optional;

/**
 * Finds and ends the authenticated sessions of one session store by username: what a
 * {@link ForceLogoutService} needs from a store.
 * <p>
 * Implementations match usernames and ids exactly, never as patterns, and finding the sessions
 * of one user costs in proportion to that user's sessions, never to all sessions. The
 * {@link SessionInfo}s they return are never {@link SessionInfo#current() current}. They must be
 * thread-safe.
 */
public interface SessionIndex {

	/**
	 * The live authenticated sessions of the user.
	 * @param username the user's name
	 * @return the sessions, empty if there are none
	 */
	List<SessionInfo> findByUsername(String username);

	/**
	 * The live authenticated session with the given id.
	 * @param sessionId the session's id
	 * @return the session, or empty if it is unknown, ended or not authenticated
	 */
	Optional<SessionInfo> findById(String sessionId);

	/**
	 * The users that have live authenticated sessions.
	 * @return the users in no particular order; empty where the store cannot list them
	 */
	List<UserSessions> users();

	/**
	 * Ends a session: invalidates or deletes it.
	 * @param sessionId the session's id
	 * @return whether a live session was ended
	 */
	boolean invalidate(String sessionId);

	/**
	 * Ends sessions that this index has just returned, without reading them again where the store
	 * allows.
	 * @param sessions sessions from {@link #findByUsername(String)} or {@link #findById(String)}
	 * @return the sessions that were ended: all of them where the store cannot tell a session
	 * that ended meanwhile from a live one, otherwise those still live
	 */
	default List<SessionInfo> invalidateAll(List<SessionInfo> sessions) {
		return sessions.stream().filter((session) -> invalidate(session.id())).toList();
	}

}

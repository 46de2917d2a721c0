package io.github.autologout.session;

import java.util.List;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import org.jspecify.annotations.Nullable;

/**
 * Ends the sessions of any user at once, from administration code or for the user themselves,
 * and lists who has sessions.
 * <p>
 * Every logout of a user first records a "not before" revocation, so that a request that arrives
 * after the call returned is refused even if the session store could not be searched or a
 * request of the session was running at the time, and persistent remember-me tokens of the user
 * are removed; then every session that can be found is ended and an
 * {@link io.github.autologout.AutoLogoutEvent} is published for it. Logging in again afterwards
 * works as usual.
 * <p>
 * Usernames are matched exactly, never as patterns. A blank username ends nothing and records
 * nothing; an unknown one ends nothing.
 */
public interface ForceLogoutService {

	/**
	 * Ends every session of the user because an administrator said so.
	 * @param username the user's name, exactly as the security framework reports it
	 * @return how many sessions were ended
	 */
	default int logout(String username) {
		return logout(username, LogoutReason.FORCED);
	}

	/**
	 * Ends every session of the user for the given reason, for example
	 * {@link LogoutReason#DISABLED} when the account was disabled.
	 * @param username the user's name
	 * @param reason {@link LogoutReason#FORCED}, {@link LogoutReason#DISABLED},
	 * {@link LogoutReason#CREDENTIALS_CHANGED} or {@link LogoutReason#ENDED_BY_USER}
	 * @return how many sessions were ended
	 * @throws IllegalArgumentException for any other reason
	 */
	int logout(String username, LogoutReason reason);

	/**
	 * Ends one session because an administrator said so. Remember-me on the session's device is
	 * not affected; use {@link #logout(String)} to keep a user out.
	 * @param sessionId the session's id
	 * @return whether a live session was ended
	 */
	boolean logoutSession(String sessionId);

	/**
	 * Ends one session for the given reason, for example {@link LogoutReason#ENDED_BY_USER}
	 * when its user ends it from their list of sessions. Remember-me on the session's device is
	 * not affected.
	 * @param sessionId the session's id
	 * @param reason {@link LogoutReason#FORCED}, {@link LogoutReason#DISABLED},
	 * {@link LogoutReason#CREDENTIALS_CHANGED} or {@link LogoutReason#ENDED_BY_USER}
	 * @return whether a live session was ended
	 * @throws IllegalArgumentException for any other reason
	 * @throws UnsupportedOperationException for another reason than {@link LogoutReason#FORCED}
	 * where the implementation predates this method
	 */
	default boolean logoutSession(String sessionId, LogoutReason reason) {
		if (Revocation.checkReason(reason) != LogoutReason.FORCED) {
			throw new UnsupportedOperationException(getClass().getName() + " ends single sessions as FORCED only");
		}
		return logoutSession(sessionId);
	}

	/**
	 * Ends every session of the user but the current one, as the user asked: "log out other
	 * devices". The ended sessions are told that their user ended them
	 * ({@link LogoutReason#ENDED_BY_USER}).
	 * @param username the user's name
	 * @param currentSessionId the id of the session to keep; if it is not a session of the user,
	 * every session of the user ends
	 * @return how many sessions were ended
	 */
	default int logoutOtherSessions(String username, @Nullable String currentSessionId) {
		return logoutOtherSessions(username, currentSessionId, LogoutReason.ENDED_BY_USER);
	}

	/**
	 * Ends every session of the user but the current one for the given reason, for example
	 * {@link LogoutReason#CREDENTIALS_CHANGED} after a password change.
	 * <p>
	 * Refuses every session and remember-me cookie of the user that authenticated before this
	 * call but the current session, even where they cannot be found, the cookies of devices that
	 * signed in after the current session too. Persistent remember-me tokens of the user are
	 * removed, and hash-based cookies refused, the current device's too: a copy of its cookie could
	 * be anyone's, and the device signs in again once the current session ends.
	 * @param username the user's name
	 * @param currentSessionId the id of the session to keep
	 * @param reason {@link LogoutReason#ENDED_BY_USER}, {@link LogoutReason#FORCED},
	 * {@link LogoutReason#DISABLED} or {@link LogoutReason#CREDENTIALS_CHANGED}
	 * @return how many sessions were ended
	 * @throws IllegalArgumentException for any other reason
	 */
	int logoutOtherSessions(String username, @Nullable String currentSessionId, LogoutReason reason);

	/**
	 * Ends the sessions of every user, the caller's own included, for incident response.
	 * @return how many sessions were found and ended; sessions that could not be found are
	 * refused on their next request all the same
	 */
	int logoutEveryone();

	/**
	 * The live sessions of the user, the current one first, then the most recently active.
	 * @param username the user's name
	 * @param currentSessionId the id of the caller's session, to mark it, or {@code null}
	 * @return the sessions; empty for an unknown or blank username
	 */
	List<SessionInfo> sessions(String username, @Nullable String currentSessionId);

	/**
	 * The users that have live sessions, by username.
	 * @return the users; empty where the session store cannot list them
	 */
	List<UserSessions> users();

}

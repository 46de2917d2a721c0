package io.github.autologout.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tracks the authenticated sessions of a cluster: whose they are, when each must next be checked
 * for expiry, and when each user was last seen.
 * <p>
 * Sessions are tracked when they authenticate, not on every request: the check instant may lag
 * behind a session's real deadline (activity only ever moves a deadline later), so a checker that
 * finds a session still live tracks it again at its real deadline. This is what lets the server
 * end sessions without a request, at a cost that grows with the sessions due, not with all
 * sessions. Implementations must be thread-safe and shared by every node.
 */
public interface SessionTracker {

	/**
	 * Tracks a session, replacing what was tracked for the same user and id. A session belongs to
	 * one user: the same id tracked for another user is another entry (a checker that claims the
	 * stale one finds the session's real user).
	 * @param session the session, its user and when to check it
	 */
	void track(TrackedSession session);

	/**
	 * Removes and returns sessions whose check is due. Each due session is returned to exactly
	 * one caller, across all nodes.
	 * @param now the current instant
	 * @param limit the most sessions to return
	 * @return the due sessions, earliest first
	 */
	List<TrackedSession> claimDue(Instant now, int limit);

	/**
	 * Stops tracking a session. Like {@link #claimDue(Instant, int)}, only one caller across all
	 * nodes gets {@code true} for the same tracked session.
	 * @param username the name of the session's user, as it was tracked
	 * @param sessionId the session's id
	 * @return {@code true} if this call removed the session, {@code false} if it was not tracked
	 * for that user
	 */
	boolean untrack(String username, String sessionId);

	/**
	 * Stops tracking several sessions of one user, as {@link #untrack(String, String)} does for
	 * each; shared stores override this to remove them all in one round trip.
	 * @param username the name of the sessions' user
	 * @param sessionIds the sessions' ids
	 * @return how many of them this call removed
	 */
	default int untrack(String username, Collection<String> sessionIds) {
		int removed = 0;
		for (String sessionId : sessionIds) {
			if (untrack(username, sessionId)) {
				removed++;
			}
		}
		return removed;
	}

	/**
	 * The ids of the tracked sessions of one user.
	 * @param username the user's name
	 * @return the ids, empty if none
	 */
	Set<String> sessionIds(String username);

	/**
	 * The users with at least one tracked session.
	 * @return the user names
	 */
	Set<String> usernames();

	/**
	 * Records that the user was seen at the given instant, unless seen later already.
	 * @param username the user's name
	 * @param instant when the user was seen
	 */
	void seen(String username, Instant instant);

	/**
	 * When the user was last seen, as recorded by {@link #seen(String, Instant)}.
	 * @param username the user's name
	 * @return the instant, or empty if never recorded or forgotten
	 */
	Optional<Instant> lastSeen(String username);

}

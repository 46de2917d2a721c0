package io.github.autologout.core;

import java.time.Duration;
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
 * sessions.
 * <p>
 * A tracker keeps a check instant per session, or, where it reads a user's sessions from the
 * session store's own principal index, one per user: the earliest of that user's sessions. A claim
 * then returns every session of a due user, and the checker tracks the live ones again.
 * <p>
 * A claim does not forget what it returns: it leases it for the {@link #CLAIM_LEASE}, during
 * which no other claim returns it and it still counts as tracked. The checker then tracks the
 * live sessions again, forgets the ended ones and releases the claim's users; whatever a checker
 * that stopped halfway (its node killed) left is due again once the lease lapses, so no session
 * is lost with its node.
 * Implementations must be thread-safe and shared by every node.
 */
public interface SessionTracker {

	/**
	 * How long a claimed session stays with the claim before it is due again, unless the claim's
	 * caller settled it first: far longer than a check of one claim takes.
	 */
	Duration CLAIM_LEASE = Duration.ofMinutes(2);

	/**
	 * Tracks a session, so that it is checked at the given instant at the latest, or, where the
	 * tracker keeps its instants in a coarser unit than milliseconds, rounded up, within one unit
	 * after. A tracker that
	 * keeps an instant per session replaces what it kept for the same user and id; one that keeps
	 * an instant per user keeps the earlier of the two, or replaces the user's lease if a claim
	 * leased the user and nothing tracked the user since. A session belongs to one user: the same id
	 * tracked for another user is another entry (a checker that claims the stale one finds the
	 * session's real user).
	 * @param session the session, its user and when to check it
	 */
	void track(TrackedSession session);

	/**
	 * Returns the sessions whose check is due, with the other sessions of their users where the
	 * tracker keeps one instant per user, and leases them to the caller: each due session is
	 * returned to one caller only, across all nodes, until the caller tracks it again, forgets it
	 * (a tracker that keeps an instant per session) or releases its user (one that keeps an
	 * instant per user), or else until the {@link #CLAIM_LEASE} from {@code now} lapses (within one
	 * unit before, where the tracker keeps its instants in a coarser unit than milliseconds). A
	 * leased session still counts as tracked.
	 * @param now the current instant
	 * @param limit the most sessions to return, or, where the tracker keeps one instant per user,
	 * the most users whose sessions to return
	 * @return the due sessions, earliest first; empty only once none is due, so that a caller
	 * claims until then (a tracker that keeps one instant per user goes on past due users left
	 * without sessions)
	 */
	List<TrackedSession> claimDue(Instant now, int limit);

	/**
	 * Stops tracking sessions that have ended, so that a user none of whose sessions is left stops
	 * counting among the {@link #usernames()}: at once where the tracker keeps an instant per
	 * session, at its next claim where it keeps one per user, unless a claim leased the user, whose
	 * caller then {@link #release releases} it.
	 * @param username the name of the sessions' user, as they were tracked
	 * @param sessionIds the sessions' ids
	 */
	void untrack(String username, Collection<String> sessionIds);

	/**
	 * Stops tracking claimed sessions that the caller found ended. A tracker that keeps an instant
	 * per session untracks them; one that keeps an instant per user needs nothing, as the
	 * {@link #release} of the claim settles the user, and does not make the user due again as an
	 * untrack would: the principal index may still list a session that ended.
	 * @param username the name of the sessions' user, as they were claimed
	 * @param sessionIds the sessions' ids
	 */
	default void forget(String username, Collection<String> sessionIds) {
		untrack(username, sessionIds);
	}

	/**
	 * Ends the leases of claimed users whose sessions the caller has checked, having tracked the
	 * live ones again and forgotten the others: a tracker that keeps one instant per user forgets
	 * a user it still holds leased, none of whose sessions having been tracked since the claim. A
	 * tracker that keeps an instant per session needs nothing more.
	 * @param usernames the names of the users, as they were claimed
	 */
	default void release(Collection<String> usernames) {
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
	 * Records that the user was seen at the given instant, unless seen later already. A login is
	 * recorded before its session is tracked.
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

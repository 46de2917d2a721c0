package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import io.github.autologout.core.TrackedSession;

/**
 * Reads the ids in a session store's own principal index without reading the sessions, so that
 * a {@link SpringSessionIndex} can read them concurrently where the repository's
 * {@code findByPrincipalName} would read them one after the other.
 */
@FunctionalInterface
public interface PrincipalSessionIds {

	/**
	 * The ids that the store's principal index holds for the user, including those of sessions
	 * that have ended and not yet been cleaned up.
	 * @param username the user's name, matched exactly
	 * @return the ids, empty if there are none
	 */
	Set<String> find(String username);

	/**
	 * Removes from the principal index the ids of the user's sessions whose keys or rows are gone
	 * from the store: its own clean-up, which reads a session before it removes its id, leaves
	 * the id of one it cannot read there for good. Does nothing unless overridden.
	 * @param username the user's name
	 * @param sessionIds the ids of sessions of the user that a lookup found ended
	 */
	default void removeGone(String username, Collection<String> sessionIds) {
	}

	/**
	 * The sessions of the users a tracker that keeps one instant per user has just claimed, each
	 * at its user's instant. Where reading one user's ids fails, every user of the claim is given
	 * back to the tracker, so that the next claim returns them, and the failure is thrown with
	 * those of the giving back added as suppressed.
	 * @param claimed the claimed users' instants by name
	 * @param putBack tracks a user again at an instant
	 * @return the sessions, user by user
	 */
	default List<TrackedSession> sessionsOf(Map<String, Instant> claimed, BiConsumer<String, Instant> putBack) {
		List<TrackedSession> sessions = new ArrayList<>();
		try {
			claimed.forEach((username, checkAt) -> sessions.addAll(TrackedSession.allOf(find(username), username,
					checkAt)));
		}
		catch (RuntimeException failure) {
			claimed.forEach((username, checkAt) -> {
				try {
					putBack.accept(username, checkAt);
				}
				catch (RuntimeException ex) {
					failure.addSuppressed(ex);
				}
			});
			throw failure;
		}
		return sessions;
	}

	/**
	 * The users of a claim of whom {@link #sessionsOf} found no session.
	 * @param claimed the claimed users' names
	 * @param found the sessions found for them
	 * @return the names of those without sessions
	 */
	static List<String> withoutSessions(Collection<String> claimed, List<TrackedSession> found) {
		Set<String> withSessions = found.stream().map(TrackedSession::username).collect(Collectors.toSet());
		return claimed.stream().filter((username) -> !withSessions.contains(username)).toList();
	}

}

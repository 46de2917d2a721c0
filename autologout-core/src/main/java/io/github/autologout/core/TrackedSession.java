package io.github.autologout.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An authenticated session as a {@link SessionTracker} knows it: its id, its user and when it
 * must next be checked for expiry.
 *
 * @param sessionId the session's id
 * @param username the name of the session's user
 * @param checkAt when to check the session next, at the latest at its deadline; kept to the
 * millisecond
 */
public record TrackedSession(String sessionId, String username, Instant checkAt) {

	public TrackedSession {
		Objects.requireNonNull(sessionId, "sessionId must not be null");
		Objects.requireNonNull(username, "username must not be null");
		checkAt = Objects.requireNonNull(checkAt, "checkAt must not be null").truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * The sessions of one user, all to be checked at the same instant, as a tracker that keeps one
	 * instant per user claims them.
	 * @param sessionIds the ids of the user's sessions
	 * @param username the user's name
	 * @param checkAt the user's check instant
	 * @return the sessions, in the order of the ids
	 */
	public static List<TrackedSession> allOf(Collection<String> sessionIds, String username, Instant checkAt) {
		return sessionIds.stream().map((sessionId) -> new TrackedSession(sessionId, username, checkAt)).toList();
	}

}

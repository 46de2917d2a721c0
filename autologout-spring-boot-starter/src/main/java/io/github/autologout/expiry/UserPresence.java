package io.github.autologout.expiry;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;

/**
 * Who is signed in right now, and when each user was last seen, across the cluster.
 * <p>
 * Kept current by the {@link SessionExpiryChecker}: a user stops being active within one check
 * interval after their last session ends, whether or not their browser ever comes back. An
 * application that keeps an {@code isCurrentlyActive} flag can set it from {@link #isActive} or
 * clear it when an {@link io.github.autologout.AutoLogoutEvent} arrives.
 */
public final class UserPresence {

	private final SessionTracker tracker;

	private final SessionLookup sessions;

	/**
	 * Creates the presence.
	 * @param tracker the tracked sessions
	 * @param sessions the store of the sessions
	 */
	public UserPresence(SessionTracker tracker, SessionLookup sessions) {
		this.tracker = tracker;
		this.sessions = sessions;
	}

	/**
	 * Whether the user has a session that has not ended.
	 * @param username the user's name
	 * @return {@code true} if the user is signed in somewhere
	 */
	public boolean isActive(String username) {
		return !this.tracker.sessionIds(username).isEmpty();
	}

	/**
	 * The users with a session that has not ended.
	 * @return the user names
	 */
	public Set<String> online() {
		return this.tracker.usernames();
	}

	/**
	 * When the user was last seen: the latest real activity of any of their sessions, live or
	 * ended.
	 * @param username the user's name
	 * @return the instant, or empty if the user was never seen
	 */
	public Optional<Instant> lastSeen(String username) {
		Optional<Instant> lastSeen = this.tracker.lastSeen(username);
		Set<String> sessionIds = this.tracker.sessionIds(username);
		Function<String, Optional<StoredSession>> reader = this.sessions.readerOf(username, sessionIds);
		for (String sessionId : sessionIds) {
			Optional<Instant> activity = lastActivity(reader, sessionId);
			if (activity.isPresent() && (lastSeen.isEmpty() || activity.get().isAfter(lastSeen.get()))) {
				lastSeen = activity;
			}
		}
		return lastSeen;
	}

	private static Optional<Instant> lastActivity(Function<String, Optional<StoredSession>> reader,
			String sessionId) {
		try {
			return reader.apply(sessionId)
				.map(StoredSession::times)
				.map(SessionTimes::lastActivity);
		}
		catch (RuntimeException ex) {
			// an unreadable session (on Redis, any attribute that fails to deserialize fails its read)
			// tells nothing of its user's activity
			return Optional.empty();
		}
	}

}

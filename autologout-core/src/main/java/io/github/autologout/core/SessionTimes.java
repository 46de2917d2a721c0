package io.github.autologout.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When one session authenticated and when it last saw real activity.
 * <p>
 * Instants are kept to the millisecond, as they are stored. Instances are immutable;
 * {@link #withActivityAt(Instant)} never moves the last activity
 * backwards, so a slow request that finishes late cannot undo newer activity.
 */
public final class SessionTimes {

	private final Instant authenticatedAt;

	private final Instant lastActivity;

	private SessionTimes(Instant authenticatedAt, Instant lastActivity) {
		this.authenticatedAt = Objects.requireNonNull(authenticatedAt, "authenticatedAt must not be null")
			.truncatedTo(ChronoUnit.MILLIS);
		this.lastActivity = Objects.requireNonNull(lastActivity, "lastActivity must not be null")
			.truncatedTo(ChronoUnit.MILLIS);
		if (this.lastActivity.isBefore(this.authenticatedAt)) {
			throw new IllegalArgumentException(
					"lastActivity " + lastActivity + " must not be before authenticatedAt " + authenticatedAt);
		}
	}

	/**
	 * Times of a session that authenticated at the given instant and has had no activity since.
	 * @param authenticatedAt when the session authenticated
	 * @return the times
	 */
	public static SessionTimes authenticatedAt(Instant authenticatedAt) {
		return new SessionTimes(authenticatedAt, authenticatedAt);
	}

	/**
	 * Times restored from storage.
	 * @param authenticatedAt when the session authenticated
	 * @param lastActivity the last real activity, not before {@code authenticatedAt}
	 * @return the times
	 * @throws IllegalArgumentException if {@code lastActivity} is before {@code authenticatedAt}
	 */
	public static SessionTimes of(Instant authenticatedAt, Instant lastActivity) {
		return new SessionTimes(authenticatedAt, lastActivity);
	}

	/**
	 * When the session authenticated.
	 * @return the instant of authentication
	 */
	public Instant authenticatedAt() {
		return this.authenticatedAt;
	}

	/**
	 * When the session last saw real (non-passive) activity.
	 * @return the instant of the last activity
	 */
	public Instant lastActivity() {
		return this.lastActivity;
	}

	/**
	 * These times with activity recorded at the given instant, unless newer activity is already known.
	 * @param instant when the activity happened
	 * @return times whose last activity is the later of the current one and {@code instant}
	 */
	public SessionTimes withActivityAt(Instant instant) {
		Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
		return truncated.isAfter(this.lastActivity) ? new SessionTimes(this.authenticatedAt, truncated) : this;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SessionTimes that && this.authenticatedAt.equals(that.authenticatedAt)
				&& this.lastActivity.equals(that.lastActivity);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.authenticatedAt, this.lastActivity);
	}

	@Override
	public String toString() {
		return "SessionTimes[authenticatedAt=" + this.authenticatedAt + ", lastActivity=" + this.lastActivity + "]";
	}

}

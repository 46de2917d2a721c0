package io.github.autologout.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a session may stay idle and how long it may live at most, and how early to warn.
 * <p>
 * The idle deadline is counted from the last real activity, the absolute deadline from the
 * moment this session authenticated (never from the user's latest login elsewhere).
 */
public final class TimeoutPolicy {

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Duration warnBefore;

	private TimeoutPolicy(Duration idleTimeout, Duration absoluteTimeout, Duration warnBefore) {
		this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
		this.absoluteTimeout = requirePositive(absoluteTimeout, "absoluteTimeout");
		Objects.requireNonNull(warnBefore, "warnBefore must not be null");
		if (warnBefore.isNegative()) {
			throw new IllegalArgumentException("warnBefore must not be negative, was " + warnBefore);
		}
		if (warnBefore.compareTo(idleTimeout) >= 0) {
			throw new IllegalArgumentException(
					"warnBefore (" + warnBefore + ") must be shorter than idleTimeout (" + idleTimeout + ")");
		}
		this.warnBefore = warnBefore;
	}

	/**
	 * A policy without a warning.
	 * @param idleTimeout how long a session may go without real activity; positive
	 * @param absoluteTimeout how long a session may live after it authenticated; positive
	 * @return the policy
	 * @throws IllegalArgumentException if a duration is not positive
	 */
	public static TimeoutPolicy of(Duration idleTimeout, Duration absoluteTimeout) {
		return new TimeoutPolicy(idleTimeout, absoluteTimeout, Duration.ZERO);
	}

	/**
	 * A policy that warns the user before the idle deadline.
	 * @param idleTimeout how long a session may go without real activity; positive
	 * @param absoluteTimeout how long a session may live after it authenticated; positive
	 * @param warnBefore how long before the idle deadline to warn; zero for no warning,
	 * shorter than {@code idleTimeout}
	 * @return the policy
	 * @throws IllegalArgumentException if a value breaks these rules
	 */
	public static TimeoutPolicy of(Duration idleTimeout, Duration absoluteTimeout, Duration warnBefore) {
		return new TimeoutPolicy(idleTimeout, absoluteTimeout, warnBefore);
	}

	private static Duration requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name + " must not be null");
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	public Duration absoluteTimeout() {
		return this.absoluteTimeout;
	}

	public Duration warnBefore() {
		return this.warnBefore;
	}

	/**
	 * When the session becomes idle unless it sees activity first.
	 * @param times the session's times
	 * @return the idle deadline
	 */
	public Instant idleDeadline(SessionTimes times) {
		return times.lastActivity().plus(this.idleTimeout);
	}

	/**
	 * When the session ends whatever its activity.
	 * @param times the session's times
	 * @return the absolute deadline
	 */
	public Instant absoluteDeadline(SessionTimes times) {
		return times.authenticatedAt().plus(this.absoluteTimeout);
	}

	/**
	 * The earlier of the idle and the absolute deadline.
	 * @param times the session's times
	 * @return the instant at which the session ends if nothing happens
	 */
	public Instant deadline(SessionTimes times) {
		Instant idle = idleDeadline(times);
		Instant absolute = absoluteDeadline(times);
		return idle.isBefore(absolute) ? idle : absolute;
	}

	/**
	 * Why the session has ended at the given instant, if it has.
	 * <p>
	 * A session ends at its deadline, not after it. When both deadlines have passed, the
	 * reason is the one that passed first.
	 * @param times the session's times
	 * @param now the current instant
	 * @return {@link LogoutReason#IDLE} or {@link LogoutReason#ABSOLUTE}, or empty while the
	 * session is still live
	 */
	public Optional<LogoutReason> expiryReason(SessionTimes times, Instant now) {
		Instant idle = idleDeadline(times);
		Instant absolute = absoluteDeadline(times);
		if (now.isBefore(idle) && now.isBefore(absolute)) {
			return Optional.empty();
		}
		return Optional.of(absolute.isAfter(idle) ? LogoutReason.IDLE : LogoutReason.ABSOLUTE);
	}

	/**
	 * Time left until the idle deadline, never negative.
	 * @param times the session's times
	 * @param now the current instant
	 * @return the time left, zero once passed
	 */
	public Duration untilIdleEnd(SessionTimes times, Instant now) {
		return nonNegative(Duration.between(now, idleDeadline(times)));
	}

	/**
	 * Time left until the absolute deadline, never negative.
	 * @param times the session's times
	 * @param now the current instant
	 * @return the time left, zero once passed
	 */
	public Duration untilSessionEnd(SessionTimes times, Instant now) {
		return nonNegative(Duration.between(now, absoluteDeadline(times)));
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	/**
	 * The policy that is at least as strict as this one and the other in every respect.
	 * @param other another policy
	 * @return a policy with the shorter idle timeout, the shorter absolute timeout and the
	 * shorter warning of the two
	 */
	public TimeoutPolicy strictest(TimeoutPolicy other) {
		return new TimeoutPolicy(min(this.idleTimeout, other.idleTimeout),
				min(this.absoluteTimeout, other.absoluteTimeout), min(this.warnBefore, other.warnBefore));
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TimeoutPolicy that && this.idleTimeout.equals(that.idleTimeout)
				&& this.absoluteTimeout.equals(that.absoluteTimeout) && this.warnBefore.equals(that.warnBefore);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.idleTimeout, this.absoluteTimeout, this.warnBefore);
	}

	@Override
	public String toString() {
		return "TimeoutPolicy[idleTimeout=" + this.idleTimeout + ", absoluteTimeout=" + this.absoluteTimeout
				+ ", warnBefore=" + this.warnBefore + "]";
	}

}

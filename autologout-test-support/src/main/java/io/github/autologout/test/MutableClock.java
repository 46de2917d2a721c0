package io.github.autologout.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock in UTC that moves only when a test moves it, safe to read from the threads of a
 * running application.
 */
public final class MutableClock extends Clock {

	private volatile Instant instant;

	/**
	 * Creates a clock.
	 * @param instant the instant it shows until moved
	 */
	public MutableClock(Instant instant) {
		this.instant = instant;
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.instant = this.instant.plus(duration);
	}

	/**
	 * Sets the clock, forward or back.
	 * @param instant the instant it shows from now on
	 */
	public void set(Instant instant) {
		this.instant = instant;
	}

	@Override
	public Instant instant() {
		return this.instant;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("a MutableClock stays in UTC");
	}

}

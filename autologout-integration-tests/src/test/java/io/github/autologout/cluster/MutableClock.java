package io.github.autologout.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock that tests move forward by hand; it starts at the real current instant.
 */
final class MutableClock extends Clock {

	private volatile Instant instant = now();

	void reset() {
		this.instant = now();
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	void advance(Duration duration) {
		this.instant = this.instant.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A fixed zone is enough for these tests");
	}

	@Override
	public Instant instant() {
		return this.instant;
	}

}

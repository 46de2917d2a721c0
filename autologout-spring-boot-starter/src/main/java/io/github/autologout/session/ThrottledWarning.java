package io.github.autologout.session;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * A warning that something keeps happening, logged at {@code WARN} at most once per interval with
 * how often it happened so far, and at {@code DEBUG} in between: a client that repeats a request
 * must not flood the log.
 */
final class ThrottledWarning {

	private final Log logger;

	private final Duration interval;

	private final Clock clock;

	private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong occurrences = new AtomicLong();

	ThrottledWarning(Log logger, Duration interval, Clock clock) {
		this.logger = logger;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Logs one more occurrence.
	 * @param message what happened
	 */
	void log(String message) {
		long count = this.occurrences.incrementAndGet();
		long now = this.clock.millis();
		long next = this.nextWarning.get();
		// a clock set back by more than the interval makes it due too, rather than silent for that long
		boolean due = now >= next || now < next - this.interval.toMillis();
		if (due && this.nextWarning.compareAndSet(next, now + this.interval.toMillis())) {
			this.logger.warn(message + " (" + count + " time(s) on this node so far; logged at WARN at most once every "
					+ this.interval.toSeconds() + " s, otherwise at DEBUG)");
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message);
		}
	}

}

package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStatus}.
 */
class SessionStatusTests {

	private static final TimeoutPolicy POLICY = TimeoutPolicy.of(Duration.ofSeconds(5), Duration.ofHours(1));

	private static final Instant LOGIN = Instant.parse("2026-12-06T12:00:00.123Z");

	@Test
	void aSessionActiveThisMillisecondHasItsWholeTimeoutsLeftOnAClockFinerThanAMillisecond() {
		// Clock.systemUTC() gives microseconds; the session's times are kept to the millisecond
		SessionStatus status = new SessionStatus(POLICY, SessionTimes.authenticatedAt(LOGIN), LOGIN.plusNanos(400_000));

		assertThat(status.secondsUntilIdleEnd()).isEqualTo(5);
		assertThat(status.secondsUntilSessionEnd()).isEqualTo(3600);
	}

	@Test
	void secondsLeftAreWholeSecondsRoundedDown() {
		SessionStatus status = new SessionStatus(POLICY, SessionTimes.authenticatedAt(LOGIN),
				LOGIN.plusMillis(1_001));

		assertThat(status.secondsUntilIdleEnd()).isEqualTo(3);
		assertThat(status.secondsUntilSessionEnd()).isEqualTo(3598);
	}

}

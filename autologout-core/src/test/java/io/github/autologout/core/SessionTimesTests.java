package io.github.autologout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SessionTimesTests {

	private static final Instant LOGIN = Instant.parse("2025-03-01T10:00:00Z");

	private final MutableClock clock = new MutableClock(LOGIN);

	@Test
	void freshSessionHasItsLastActivityAtAuthentication() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(times.authenticatedAt()).isEqualTo(LOGIN);
		assertThat(times.lastActivity()).isEqualTo(LOGIN);
	}

	@Test
	void restoredTimesKeepBothInstants() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(90));
		assertThat(times.authenticatedAt()).isEqualTo(LOGIN);
		assertThat(times.lastActivity()).isEqualTo(LOGIN.plusSeconds(90));
	}

	@Test
	void lastActivityEqualToAuthenticationIsAccepted() {
		assertThat(SessionTimes.of(LOGIN, LOGIN)).isEqualTo(SessionTimes.authenticatedAt(LOGIN));
	}

	@Test
	void lastActivityBeforeAuthenticationIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionTimes.of(LOGIN, LOGIN.minusMillis(1)))
			.withMessageContaining("lastActivity")
			.withMessageContaining("authenticatedAt");
	}

	@Test
	void lastActivityInTheSameMillisecondAsAuthenticationButEarlierIsAccepted() {
		SessionTimes times = SessionTimes.of(LOGIN.plusNanos(700_000), LOGIN.plusNanos(300_000));
		assertThat(times.authenticatedAt()).isEqualTo(LOGIN);
		assertThat(times.lastActivity()).isEqualTo(LOGIN);
	}

	@Test
	void nullAuthenticatedAtIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> SessionTimes.authenticatedAt(null))
			.withMessageContaining("authenticatedAt");
		assertThatNullPointerException().isThrownBy(() -> SessionTimes.of(null, LOGIN))
			.withMessageContaining("authenticatedAt");
	}

	@Test
	void nullLastActivityIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> SessionTimes.of(LOGIN, null))
			.withMessageContaining("lastActivity");
	}

	@Test
	void instantsAreTruncatedToTheMillisecond() {
		SessionTimes times = SessionTimes.of(LOGIN.plusNanos(1_999_999), LOGIN.plusNanos(5_000_001));
		assertThat(times.authenticatedAt()).isEqualTo(LOGIN.plusMillis(1));
		assertThat(times.lastActivity()).isEqualTo(LOGIN.plusMillis(5));
	}

	@Test
	void authenticatedAtIsTruncatedToTheMillisecond() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN.plusNanos(123_456_789));
		assertThat(times.authenticatedAt()).isEqualTo(LOGIN.plusMillis(123));
		assertThat(times.lastActivity()).isEqualTo(LOGIN.plusMillis(123));
	}

	@Test
	void withActivityAtMovesTheLastActivityForward() {
		SessionTimes times = SessionTimes.authenticatedAt(this.clock.instant());
		this.clock.advance(Duration.ofMinutes(3));
		SessionTimes later = times.withActivityAt(this.clock.instant());
		assertThat(later.lastActivity()).isEqualTo(LOGIN.plus(Duration.ofMinutes(3)));
		assertThat(later.authenticatedAt()).isEqualTo(LOGIN);
	}

	@Test
	void withActivityAtLeavesTheOriginalUnchanged() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		times.withActivityAt(LOGIN.plusSeconds(60));
		assertThat(times.lastActivity()).isEqualTo(LOGIN);
	}

	@Test
	void withActivityAtNeverMovesTheLastActivityBackwards() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(120));
		SessionTimes stale = times.withActivityAt(LOGIN.plusSeconds(60));
		assertThat(stale.lastActivity()).isEqualTo(LOGIN.plusSeconds(120));
		assertThat(stale).isSameAs(times);
	}

	@Test
	void withActivityAtBeforeAuthenticationKeepsTheTimes() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(times.withActivityAt(LOGIN.minusSeconds(5))).isSameAs(times);
	}

	@Test
	void withActivityAtTheSameInstantKeepsTheTimes() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(60));
		assertThat(times.withActivityAt(LOGIN.plusSeconds(60))).isSameAs(times);
	}

	@Test
	void slowRequestFinishingLateCannotUndoNewerActivity() {
		Instant slowRequestStarted = this.clock.instant();
		this.clock.advance(Duration.ofSeconds(30));
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN).withActivityAt(this.clock.instant());
		SessionTimes afterSlowRequest = times.withActivityAt(slowRequestStarted);
		assertThat(afterSlowRequest.lastActivity()).isEqualTo(LOGIN.plusSeconds(30));
	}

	@Test
	void withActivityAtTruncatesToTheMillisecond() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(times.withActivityAt(LOGIN.plusNanos(2_999_999)).lastActivity()).isEqualTo(LOGIN.plusMillis(2));
	}

	@Test
	void withActivityAtWithinTheSameMillisecondKeepsTheTimes() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusMillis(10));
		assertThat(times.withActivityAt(LOGIN.plusMillis(10).plusNanos(999_999))).isSameAs(times);
	}

	@Test
	void withActivityAtRejectsNull() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThatNullPointerException().isThrownBy(() -> times.withActivityAt(null));
	}

	@Test
	void timesWithTheSameInstantsAreEqual() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(5));
		SessionTimes same = SessionTimes.of(LOGIN.plusNanos(400_000), LOGIN.plusSeconds(5).plusNanos(10));
		assertThat(same).isEqualTo(times).hasSameHashCodeAs(times);
	}

	@Test
	void timesDifferingInEitherInstantAreNotEqual() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(5));
		assertThat(SessionTimes.of(LOGIN.plusMillis(1), LOGIN.plusSeconds(5))).isNotEqualTo(times);
		assertThat(SessionTimes.of(LOGIN, LOGIN.plusSeconds(6))).isNotEqualTo(times);
		assertThat(times).isNotEqualTo("not times");
	}

	@Test
	void toStringShowsBothInstants() {
		assertThat(SessionTimes.of(LOGIN, LOGIN.plusSeconds(5)).toString())
			.contains("authenticatedAt=2025-03-01T10:00:00Z", "lastActivity=2025-03-01T10:00:05Z");
	}

}

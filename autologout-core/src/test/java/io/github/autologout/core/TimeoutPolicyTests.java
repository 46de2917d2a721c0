package io.github.autologout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeoutPolicyTests {

	private static final Instant LOGIN = Instant.parse("2025-03-01T10:00:00Z");

	private static final Duration IDLE = Duration.ofMinutes(15);

	private static final Duration ABSOLUTE = Duration.ofHours(8);

	private final TimeoutPolicy policy = TimeoutPolicy.of(IDLE, ABSOLUTE, Duration.ofMinutes(2));

	@Test
	void exposesTheDurationsItWasCreatedWith() {
		assertThat(this.policy.idleTimeout()).isEqualTo(IDLE);
		assertThat(this.policy.absoluteTimeout()).isEqualTo(ABSOLUTE);
		assertThat(this.policy.warnBefore()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void policyWithoutWarningHasZeroWarnBefore() {
		assertThat(TimeoutPolicy.of(IDLE, ABSOLUTE).warnBefore()).isZero();
	}

	@Test
	void zeroIdleTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPolicy.of(Duration.ZERO, ABSOLUTE))
			.withMessageContaining("idleTimeout");
	}

	@Test
	void negativeIdleTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPolicy.of(Duration.ofSeconds(-1), ABSOLUTE))
			.withMessageContaining("idleTimeout");
	}

	@Test
	void zeroAbsoluteTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPolicy.of(IDLE, Duration.ZERO))
			.withMessageContaining("absoluteTimeout");
	}

	@Test
	void negativeAbsoluteTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPolicy.of(IDLE, Duration.ofMillis(-1)))
			.withMessageContaining("absoluteTimeout");
	}

	@Test
	void negativeWarnBeforeIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TimeoutPolicy.of(IDLE, ABSOLUTE, Duration.ofSeconds(-1)))
			.withMessageContaining("warnBefore");
	}

	@Test
	void warnBeforeEqualToIdleTimeoutIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPolicy.of(IDLE, ABSOLUTE, IDLE))
			.withMessageContaining("warnBefore")
			.withMessageContaining("idleTimeout");
	}

	@Test
	void warnBeforeLongerThanIdleTimeoutIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TimeoutPolicy.of(IDLE, ABSOLUTE, IDLE.plusSeconds(1)))
			.withMessageContaining("warnBefore")
			.withMessageContaining("idleTimeout");
	}

	@Test
	void warnBeforeJustShorterThanIdleTimeoutIsAccepted() {
		Duration warnBefore = IDLE.minusMillis(1);
		assertThat(TimeoutPolicy.of(IDLE, ABSOLUTE, warnBefore).warnBefore()).isEqualTo(warnBefore);
	}

	@Test
	void smallestPositiveDurationsAreAccepted() {
		TimeoutPolicy tiny = TimeoutPolicy.of(Duration.ofNanos(1), Duration.ofNanos(1));
		assertThat(tiny.idleTimeout()).isEqualTo(Duration.ofNanos(1));
		assertThat(tiny.absoluteTimeout()).isEqualTo(Duration.ofNanos(1));
	}

	@Test
	void nullIdleTimeoutIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> TimeoutPolicy.of(null, ABSOLUTE))
			.withMessageContaining("idleTimeout");
	}

	@Test
	void nullAbsoluteTimeoutIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> TimeoutPolicy.of(IDLE, null))
			.withMessageContaining("absoluteTimeout");
	}

	@Test
	void nullWarnBeforeIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> TimeoutPolicy.of(IDLE, ABSOLUTE, null))
			.withMessageContaining("warnBefore");
	}

	@Test
	void idleDeadlineIsCountedFromTheLastActivity() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plusSeconds(600));
		assertThat(this.policy.idleDeadline(times)).isEqualTo(LOGIN.plusSeconds(600).plus(IDLE));
	}

	@Test
	void absoluteDeadlineIsCountedFromAuthenticationWhateverTheActivity() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofHours(7)));
		assertThat(this.policy.absoluteDeadline(times)).isEqualTo(LOGIN.plus(ABSOLUTE));
	}

	@Test
	void deadlineIsTheIdleDeadlineWhenItComesFirst() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.deadline(times)).isEqualTo(LOGIN.plus(IDLE));
	}

	@Test
	void deadlineIsTheAbsoluteDeadlineWhenItComesFirst() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(ABSOLUTE).minusSeconds(60));
		assertThat(this.policy.deadline(times)).isEqualTo(LOGIN.plus(ABSOLUTE));
	}

	@Test
	void sessionIsLiveBeforeBothDeadlines() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.expiryReason(times, LOGIN)).isEmpty();
		assertThat(this.policy.expiryReason(times, LOGIN.plus(IDLE).minusMillis(1))).isEmpty();
	}

	@Test
	void sessionEndsExactlyAtItsIdleDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.expiryReason(times, LOGIN.plus(IDLE).minusNanos(1))).isEmpty();
		assertThat(this.policy.expiryReason(times, LOGIN.plus(IDLE))).contains(LogoutReason.IDLE);
	}

	@Test
	void sessionEndsExactlyAtItsAbsoluteDeadline() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(ABSOLUTE).minusSeconds(60));
		assertThat(this.policy.expiryReason(times, LOGIN.plus(ABSOLUTE).minusNanos(1))).isEmpty();
		assertThat(this.policy.expiryReason(times, LOGIN.plus(ABSOLUTE))).contains(LogoutReason.ABSOLUTE);
	}

	@Test
	void expiryReasonIsIdleWhenIdleDeadlineHasPassed() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.expiryReason(times, LOGIN.plus(IDLE).plusSeconds(1))).contains(LogoutReason.IDLE);
	}

	@Test
	void expiryReasonIsAbsoluteWhenOnlyTheAbsoluteDeadlineHasPassed() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(ABSOLUTE).minusSeconds(60));
		assertThat(this.policy.expiryReason(times, LOGIN.plus(ABSOLUTE).plusSeconds(1)))
			.contains(LogoutReason.ABSOLUTE);
	}

	@Test
	void expiryReasonIsIdleWhenBothDeadlinesPassedAndIdleCameFirst() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.expiryReason(times, LOGIN.plus(ABSOLUTE).plus(Duration.ofDays(3))))
			.contains(LogoutReason.IDLE);
	}

	@Test
	void expiryReasonIsAbsoluteWhenBothDeadlinesPassedAndAbsoluteCameFirst() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(ABSOLUTE).minusSeconds(60));
		assertThat(this.policy.expiryReason(times, LOGIN.plus(ABSOLUTE).plus(Duration.ofDays(3))))
			.contains(LogoutReason.ABSOLUTE);
	}

	@Test
	void sessionEndsAtTheDeadlineWhenBothDeadlinesFallTogether() {
		TimeoutPolicy sameLength = TimeoutPolicy.of(IDLE, IDLE);
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(sameLength.expiryReason(times, LOGIN.plus(IDLE).minusNanos(1))).isEmpty();
		assertThat(sameLength.expiryReason(times, LOGIN.plus(IDLE))).isPresent();
	}

	@Test
	void activityPushesTheIdleDeadlineBack() {
		MutableClock clock = new MutableClock(LOGIN);
		SessionTimes times = SessionTimes.authenticatedAt(clock.instant());
		clock.advance(IDLE.minusMinutes(1));
		times = times.withActivityAt(clock.instant());
		clock.advance(Duration.ofMinutes(2));
		assertThat(this.policy.expiryReason(times, clock.instant())).isEmpty();
		clock.advance(IDLE);
		assertThat(this.policy.expiryReason(times, clock.instant())).contains(LogoutReason.IDLE);
	}

	@Test
	void untilIdleEndIsTheTimeLeftBeforeTheIdleDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.untilIdleEnd(times, LOGIN)).isEqualTo(IDLE);
		assertThat(this.policy.untilIdleEnd(times, LOGIN.plusSeconds(60))).isEqualTo(IDLE.minusSeconds(60));
	}

	@Test
	void untilIdleEndIsZeroAtTheIdleDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.untilIdleEnd(times, LOGIN.plus(IDLE))).isZero();
	}

	@Test
	void untilIdleEndIsClampedAtZeroAfterTheIdleDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.untilIdleEnd(times, LOGIN.plus(IDLE).plusSeconds(30))).isZero();
	}

	@Test
	void untilSessionEndIsTheTimeLeftBeforeTheAbsoluteDeadline() {
		SessionTimes times = SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofHours(1)));
		assertThat(this.policy.untilSessionEnd(times, LOGIN.plus(Duration.ofHours(1))))
			.isEqualTo(ABSOLUTE.minusHours(1));
	}

	@Test
	void untilSessionEndIsZeroAtTheAbsoluteDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.untilSessionEnd(times, LOGIN.plus(ABSOLUTE))).isZero();
	}

	@Test
	void untilSessionEndIsClampedAtZeroAfterTheAbsoluteDeadline() {
		SessionTimes times = SessionTimes.authenticatedAt(LOGIN);
		assertThat(this.policy.untilSessionEnd(times, LOGIN.plus(ABSOLUTE).plusSeconds(1))).isZero();
	}

	@Test
	void strictestTakesTheShorterOfEachDurationFieldByField() {
		TimeoutPolicy shortIdle = TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(12), Duration.ofMinutes(3));
		TimeoutPolicy shortAbsolute = TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(2),
				Duration.ofMinutes(1));
		TimeoutPolicy expected = TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofMinutes(1));
		assertThat(shortIdle.strictest(shortAbsolute)).isEqualTo(expected);
		assertThat(shortAbsolute.strictest(shortIdle)).isEqualTo(expected);
	}

	@Test
	void strictestWithItselfIsAnEqualPolicy() {
		assertThat(this.policy.strictest(this.policy)).isEqualTo(this.policy);
	}

	@Test
	void strictestKeepsNoWarningWhenEitherPolicyHasNone() {
		TimeoutPolicy silent = TimeoutPolicy.of(Duration.ofHours(1), Duration.ofDays(1));
		assertThat(this.policy.strictest(silent).warnBefore()).isZero();
		assertThat(silent.strictest(this.policy).warnBefore()).isZero();
	}

	@Test
	void strictestOfTwoValidPoliciesIsAlwaysValid() {
		TimeoutPolicy longWarning = TimeoutPolicy.of(Duration.ofMinutes(60), ABSOLUTE, Duration.ofMinutes(50));
		TimeoutPolicy shortIdle = TimeoutPolicy.of(Duration.ofMinutes(10), ABSOLUTE, Duration.ofMinutes(9));
		TimeoutPolicy strictest = longWarning.strictest(shortIdle);
		assertThat(strictest.warnBefore()).isLessThan(strictest.idleTimeout());
		assertThat(strictest.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(strictest.warnBefore()).isEqualTo(Duration.ofMinutes(9));
	}

	@Test
	void strictestRejectsNull() {
		assertThatNullPointerException().isThrownBy(() -> this.policy.strictest(null));
	}

	@Test
	void policiesWithTheSameDurationsAreEqual() {
		TimeoutPolicy same = TimeoutPolicy.of(Duration.ofSeconds(900), Duration.ofMinutes(480), Duration.ofSeconds(120));
		assertThat(same).isEqualTo(this.policy).hasSameHashCodeAs(this.policy);
	}

	@Test
	void policiesDifferingInAnyDurationAreNotEqual() {
		assertThat(TimeoutPolicy.of(IDLE.plusSeconds(1), ABSOLUTE, Duration.ofMinutes(2))).isNotEqualTo(this.policy);
		assertThat(TimeoutPolicy.of(IDLE, ABSOLUTE.plusSeconds(1), Duration.ofMinutes(2))).isNotEqualTo(this.policy);
		assertThat(TimeoutPolicy.of(IDLE, ABSOLUTE, Duration.ofMinutes(3))).isNotEqualTo(this.policy);
	}

	@Test
	void toStringNamesEveryDuration() {
		assertThat(this.policy.toString()).contains("idleTimeout=PT15M", "absoluteTimeout=PT8H", "warnBefore=PT2M");
	}

}

package io.github.autologout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationTests {

	private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

	@ParameterizedTest
	@EnumSource(value = LogoutReason.class, names = { "FORCED", "DISABLED", "CREDENTIALS_CHANGED", "ENDED_BY_USER" })
	void acceptsTheReasonsOfARevocation(LogoutReason reason) {
		assertThat(new Revocation(NOW, reason).reason()).isEqualTo(reason);
		assertThat(Revocation.recorded(NOW, reason.code())).isEqualTo(new Revocation(NOW, reason));
	}

	@ParameterizedTest
	@ValueSource(strings = { "idle", "absolute", "ended_by_robot", "" })
	void recordedWithAReasonNoRevocationHasOrOfANewerVersionRefusesAsForced(String code) {
		assertThat(Revocation.recorded(NOW, code)).isEqualTo(new Revocation(NOW, LogoutReason.FORCED));
	}

	@ParameterizedTest
	@EnumSource(value = LogoutReason.class, names = { "IDLE", "ABSOLUTE" })
	void rejectsTimeoutReasons(LogoutReason reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Revocation(NOW, reason))
			.withMessageContaining("reason")
			.withMessageContaining(reason.name());
	}

	@Test
	void rejectsNullNotBefore() {
		assertThatNullPointerException().isThrownBy(() -> new Revocation(null, LogoutReason.FORCED))
			.withMessageContaining("notBefore");
	}

	@Test
	void rejectsNullReason() {
		assertThatNullPointerException().isThrownBy(() -> new Revocation(NOW, null)).withMessageContaining("reason");
	}

	@Test
	void keepsAWholeMillisecondAsIs() {
		assertThat(new Revocation(NOW.plusMillis(7), LogoutReason.FORCED).notBefore()).isEqualTo(NOW.plusMillis(7));
	}

	@Test
	void roundsASubMillisecondInstantUpToTheNextMillisecond() {
		assertThat(new Revocation(NOW.plusNanos(1), LogoutReason.FORCED).notBefore()).isEqualTo(NOW.plusMillis(1));
		assertThat(new Revocation(NOW.plusNanos(500_000), LogoutReason.FORCED).notBefore())
			.isEqualTo(NOW.plusMillis(1));
		assertThat(new Revocation(NOW.plusNanos(999_999), LogoutReason.FORCED).notBefore())
			.isEqualTo(NOW.plusMillis(1));
	}

	@Test
	void roundsUpBeforeTheEpochToo() {
		Instant beforeEpoch = Instant.ofEpochSecond(-10, 250_000);
		assertThat(new Revocation(beforeEpoch, LogoutReason.FORCED).notBefore())
			.isEqualTo(Instant.ofEpochSecond(-10).plusMillis(1));
	}

	@Test
	void refusesASessionAuthenticatedBeforeTheInstant() {
		Revocation revocation = new Revocation(NOW, LogoutReason.FORCED);
		assertThat(revocation.refuses(NOW.minusMillis(1))).isTrue();
		assertThat(revocation.refuses(NOW.minusSeconds(3600))).isTrue();
	}

	@Test
	void doesNotRefuseASessionAuthenticatedAtTheInstant() {
		assertThat(new Revocation(NOW, LogoutReason.FORCED).refuses(NOW)).isFalse();
	}

	@Test
	void doesNotRefuseASessionAuthenticatedAfterTheInstant() {
		assertThat(new Revocation(NOW, LogoutReason.FORCED).refuses(NOW.plusMillis(1))).isFalse();
	}

	@Test
	void refusesASessionStoredInTheSameMillisecondButAuthenticatedBeforeTheSubMillisecondInstant() {
		Instant revokedAt = NOW.plusNanos(600_000);
		Instant authenticatedAt = NOW.plusNanos(200_000);
		SessionTimes stored = SessionTimes.authenticatedAt(authenticatedAt);
		assertThat(new Revocation(revokedAt, LogoutReason.CREDENTIALS_CHANGED).refuses(stored.authenticatedAt()))
			.isTrue();
	}

	@Test
	void letsASessionStoredInTheNextMillisecondThrough() {
		Revocation revocation = new Revocation(NOW.plusNanos(600_000), LogoutReason.FORCED);
		assertThat(revocation.refuses(SessionTimes.authenticatedAt(NOW.plusMillis(1)).authenticatedAt())).isFalse();
	}

	@Test
	void laterPicksTheRevocationWithTheLaterInstant() {
		Revocation earlier = new Revocation(NOW, LogoutReason.FORCED);
		Revocation later = new Revocation(NOW.plusSeconds(1), LogoutReason.DISABLED);
		assertThat(earlier.later(later)).isSameAs(later);
		assertThat(later.later(earlier)).isSameAs(later);
	}

	@Test
	void laterWithNullIsThisRevocation() {
		Revocation revocation = new Revocation(NOW, LogoutReason.FORCED);
		assertThat(revocation.later(null)).isSameAs(revocation);
	}

	@Test
	void laterKeepsThisRevocationWhenTheInstantsAreEqual() {
		Revocation first = new Revocation(NOW, LogoutReason.FORCED);
		Revocation second = new Revocation(NOW, LogoutReason.DISABLED);
		assertThat(first.later(second)).isSameAs(first);
		assertThat(second.later(first)).isSameAs(second);
	}

	@Test
	void laterComparesRoundedInstants() {
		Revocation subMillisecond = new Revocation(NOW.plusNanos(1), LogoutReason.DISABLED);
		Revocation nextMillisecond = new Revocation(NOW.plusMillis(1), LogoutReason.FORCED);
		assertThat(nextMillisecond.later(subMillisecond)).isSameAs(nextMillisecond);
	}

	@Test
	void laterRevocationRefusesEverySessionEitherRefuses() {
		Revocation a = new Revocation(NOW, LogoutReason.FORCED);
		Revocation b = new Revocation(NOW.plusSeconds(10), LogoutReason.DISABLED);
		Revocation later = a.later(b);
		for (Instant authenticatedAt : new Instant[] { NOW.minusSeconds(1), NOW, NOW.plusSeconds(5),
				NOW.plusSeconds(10), NOW.plusSeconds(11) }) {
			assertThat(later.refuses(authenticatedAt))
				.as("refuses %s", authenticatedAt)
				.isEqualTo(a.refuses(authenticatedAt) || b.refuses(authenticatedAt));
		}
	}

	@Test
	void keepsTheSessionThatAuthenticatedAtTheKeptInstantOnly() {
		Instant kept = NOW.minusSeconds(60);
		Revocation revocation = new Revocation(NOW, LogoutReason.ENDED_BY_USER, kept);
		assertThat(revocation.refuses(kept)).isFalse();
		assertThat(revocation.refuses(kept.plusNanos(999_999))).as("the same millisecond").isFalse();
		assertThat(revocation.refuses(kept.minusMillis(1))).isTrue();
		assertThat(revocation.refuses(kept.plusMillis(1))).as("a login after the kept one").isTrue();
		assertThat(revocation.refuses(NOW)).isFalse();
	}

	@Test
	void dropsAKeptInstantThatItWouldNotRefuseAnyway() {
		assertThat(new Revocation(NOW, LogoutReason.FORCED, NOW).kept()).isNull();
		assertThat(new Revocation(NOW, LogoutReason.FORCED, NOW.plusSeconds(1)).kept()).isNull();
		assertThat(new Revocation(NOW, LogoutReason.FORCED, NOW.minusNanos(1)).kept())
			.isEqualTo(NOW.minusMillis(1));
	}

	@Test
	void recordedKeepsTheRecordedLogin() {
		Revocation revocation = Revocation.recorded(NOW, "ended_by_user", NOW.minusSeconds(5));
		assertThat(revocation).isEqualTo(new Revocation(NOW, LogoutReason.ENDED_BY_USER, NOW.minusSeconds(5)));
	}

	@Test
	void laterKeepsTheLaterRevocationsKeptLoginWhereTheEarlierDoesNotRefuseIt() {
		Revocation earlier = new Revocation(NOW, LogoutReason.FORCED);
		Revocation later = new Revocation(NOW.plusSeconds(60), LogoutReason.ENDED_BY_USER, NOW.plusSeconds(10));
		assertThat(earlier.later(later)).isSameAs(later);
		assertThat(later.later(earlier)).isSameAs(later);
	}

	@Test
	void laterDropsTheKeptLoginThatTheEarlierRevocationRefuses() {
		Revocation earlier = new Revocation(NOW, LogoutReason.FORCED);
		Revocation later = new Revocation(NOW.plusSeconds(60), LogoutReason.ENDED_BY_USER, NOW.minusSeconds(10));
		assertThat(earlier.later(later)).isEqualTo(new Revocation(NOW.plusSeconds(60), LogoutReason.ENDED_BY_USER));
		assertThat(later.later(earlier)).isEqualTo(new Revocation(NOW.plusSeconds(60), LogoutReason.ENDED_BY_USER));
	}

	@Test
	void laterKeepsALoginThatBothKeep() {
		Instant kept = NOW.minusSeconds(10);
		Revocation earlier = new Revocation(NOW, LogoutReason.CREDENTIALS_CHANGED, kept);
		Revocation later = new Revocation(NOW.plusSeconds(60), LogoutReason.ENDED_BY_USER, kept);
		assertThat(earlier.later(later)).isSameAs(later);
	}

	@Test
	void laterWithKeptLoginsRefusesEverySessionEitherRefuses() {
		List<Revocation> revocations = List.of(new Revocation(NOW, LogoutReason.FORCED),
				new Revocation(NOW, LogoutReason.FORCED, NOW.minusSeconds(5)),
				new Revocation(NOW.plusSeconds(10), LogoutReason.DISABLED),
				new Revocation(NOW.plusSeconds(10), LogoutReason.DISABLED, NOW.minusSeconds(5)),
				new Revocation(NOW.plusSeconds(10), LogoutReason.DISABLED, NOW.plusSeconds(5)),
				new Revocation(NOW.plusSeconds(10), LogoutReason.DISABLED, NOW.minusSeconds(8)));
		List<Instant> logins = List.of(NOW.minusSeconds(8), NOW.minusSeconds(5), NOW.minusSeconds(1), NOW,
				NOW.plusSeconds(5), NOW.plusSeconds(9), NOW.plusSeconds(10));
		for (Revocation a : revocations) {
			for (Revocation b : revocations) {
				Revocation later = a.later(b);
				for (Instant login : logins) {
					assertThat(later.refuses(login)).as("%s later %s refuses %s", a, b, login)
						.isEqualTo(a.refuses(login) || b.refuses(login));
				}
			}
		}
	}

	@Test
	void revocationsWithTheSameRoundedInstantAndReasonAreEqual() {
		Revocation a = new Revocation(NOW.plusNanos(10), LogoutReason.FORCED);
		Revocation b = new Revocation(NOW.plusNanos(900_000), LogoutReason.FORCED);
		assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
	}

}

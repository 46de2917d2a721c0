package io.github.autologout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InMemoryRevocationRegistryTests {

	private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

	private static final Duration RETENTION = Duration.ofHours(8);


	private final MutableClock clock = new MutableClock(START);

	private final InMemoryRevocationRegistry registry = new InMemoryRevocationRegistry(this.clock, RETENTION);

	@Test
	void constructorRejectsZeroRetention() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryRevocationRegistry(this.clock, Duration.ZERO))
			.withMessageContaining("retention");
	}

	@Test
	void constructorRejectsNegativeRetention() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryRevocationRegistry(this.clock, Duration.ofSeconds(-1)))
			.withMessageContaining("retention");
	}

	@Test
	void constructorRejectsNullRetention() {
		assertThatNullPointerException().isThrownBy(() -> new InMemoryRevocationRegistry(this.clock, null))
			.withMessageContaining("retention");
	}

	@Test
	void constructorRejectsNullClock() {
		assertThatNullPointerException().isThrownBy(() -> new InMemoryRevocationRegistry(null, RETENTION))
			.withMessageContaining("clock");
	}

	@Test
	void revokeUserRejectsNullArguments() {
		Revocation revocation = new Revocation(START, LogoutReason.FORCED);
		assertThatNullPointerException().isThrownBy(() -> this.registry.revokeUser(null, revocation))
			.withMessageContaining("username");
		assertThatNullPointerException().isThrownBy(() -> this.registry.revokeUser("alice", null))
			.withMessageContaining("revocation");
	}

	@Test
	void revokeEveryoneRejectsNull() {
		assertThatNullPointerException().isThrownBy(() -> this.registry.revokeEveryone(null))
			.withMessageContaining("revocation");
	}

	@Test
	void revokeSessionRejectsNullArguments() {
		assertThatNullPointerException().isThrownBy(() -> this.registry.revokeSession(null, LogoutReason.FORCED))
			.withMessageContaining("sessionId");
		assertThatNullPointerException().isThrownBy(() -> this.registry.revokeSession("s1", null))
			.withMessageContaining("reason");
	}

	@Test
	void emptyRegistryRefusesNoSession() {
		assertThat(this.registry.find("alice", START.minusSeconds(60))).isEmpty();
		assertThat(this.registry.findSession("s1")).isEmpty();
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void userRevocationRefusesEarlierSessionsOfThatUser() {
		Revocation revocation = new Revocation(this.clock.instant(), LogoutReason.DISABLED);
		this.registry.revokeUser("alice", revocation);
		assertThat(this.registry.find("alice", START.minusSeconds(60))).contains(revocation);
		assertThat(this.registry.find("alice", START.minusMillis(1))).contains(revocation);
	}

	@Test
	void userRevocationDoesNotRefuseASessionAuthenticatedAtOrAfterIt() {
		this.registry.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));
		assertThat(this.registry.find("alice", START)).isEmpty();
		assertThat(this.registry.find("alice", START.plusMillis(1))).isEmpty();
	}

	@Test
	void userRevocationDoesNotAffectOtherUsers() {
		this.registry.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));
		assertThat(this.registry.find("bob", START.minusSeconds(60))).isEmpty();
		assertThat(this.registry.find("Alice", START.minusSeconds(60))).isEmpty();
	}

	@Test
	void loginAfterARevocationWorks() {
		this.registry.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));
		this.clock.advance(Duration.ofSeconds(5));
		SessionTimes newSession = SessionTimes.authenticatedAt(this.clock.instant());
		assertThat(this.registry.find("alice", newSession.authenticatedAt())).isEmpty();
	}

	@Test
	void loginInTheSameMillisecondAfterASubMillisecondRevocationIsStillRefused() {
		Instant revokedAt = START.plusNanos(400_000);
		this.registry.revokeUser("alice", new Revocation(revokedAt, LogoutReason.CREDENTIALS_CHANGED));
		SessionTimes sameMillisecond = SessionTimes.authenticatedAt(START.plusNanos(100_000));
		assertThat(this.registry.find("alice", sameMillisecond.authenticatedAt())).isPresent();
	}

	@Test
	void laterUserRevocationReplacesAnEarlierOne() {
		Revocation first = new Revocation(START, LogoutReason.FORCED);
		Revocation second = new Revocation(START.plusSeconds(60), LogoutReason.CREDENTIALS_CHANGED);
		this.registry.revokeUser("alice", first);
		this.registry.revokeUser("alice", second);
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(second);
		assertThat(this.registry.find("alice", START.minusSeconds(30))).contains(second);
	}

	@Test
	void earlierUserRevocationNeverReplacesALaterOne() {
		Revocation later = new Revocation(START.plusSeconds(60), LogoutReason.DISABLED);
		Revocation earlier = new Revocation(START, LogoutReason.FORCED);
		this.registry.revokeUser("alice", later);
		this.registry.revokeUser("alice", earlier);
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(later);
		assertThat(this.registry.find("alice", START.minusSeconds(30))).contains(later);
	}

	@Test
	void userRevocationsAreKeptPerUser() {
		this.registry.revokeUser("alice", new Revocation(START, LogoutReason.FORCED));
		this.registry.revokeUser("bob", new Revocation(START.plusSeconds(60), LogoutReason.DISABLED));
		assertThat(this.registry.find("alice", START.plusSeconds(30))).isEmpty();
		assertThat(this.registry.find("bob", START.plusSeconds(30))).map(Revocation::reason)
			.contains(LogoutReason.DISABLED);
		assertThat(this.registry.size()).isEqualTo(2);
	}

	@Test
	void revokeEveryoneOnAFreshRegistryIsAccepted() {
		Revocation revocation = new Revocation(START, LogoutReason.FORCED);
		this.registry.revokeEveryone(revocation);
		assertThat(this.registry.find("alice", START.minusMillis(1))).contains(revocation);
	}

	@Test
	void revokeEveryoneAppliesToAllUsers() {
		Revocation revocation = new Revocation(START, LogoutReason.FORCED);
		this.registry.revokeEveryone(revocation);
		assertThat(this.registry.find("alice", START.minusSeconds(1))).contains(revocation);
		assertThat(this.registry.find("bob", START.minusSeconds(1))).contains(revocation);
		assertThat(this.registry.find("someone-never-seen", START.minusSeconds(1))).contains(revocation);
		assertThat(this.registry.find("alice", START)).isEmpty();
	}

	@Test
	void earlierRevocationOfEveryoneNeverReplacesALaterOne() {
		Revocation later = new Revocation(START.plusSeconds(60), LogoutReason.FORCED);
		this.registry.revokeEveryone(later);
		this.registry.revokeEveryone(new Revocation(START, LogoutReason.DISABLED));
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(later);
	}

	@Test
	void laterRevocationOfEveryoneReplacesAnEarlierOne() {
		this.registry.revokeEveryone(new Revocation(START, LogoutReason.DISABLED));
		Revocation later = new Revocation(START.plusSeconds(60), LogoutReason.FORCED);
		this.registry.revokeEveryone(later);
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(later);
	}

	@Test
	void revocationOfEveryoneWinsOverAnEarlierUserRevocation() {
		Revocation user = new Revocation(START, LogoutReason.CREDENTIALS_CHANGED);
		Revocation everyone = new Revocation(START.plusSeconds(60), LogoutReason.FORCED);
		this.registry.revokeUser("alice", user);
		this.registry.revokeEveryone(everyone);
		assertThat(this.registry.find("alice", START.minusSeconds(1))).contains(everyone);
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(everyone);
	}

	@Test
	void userRevocationThatKeepsALoginKeepsItFromAnEarlierRevocationOfTheUserOnlyWhereThatDoesNotRefuseIt() {
		Instant current = START.plusSeconds(30);
		this.registry.revokeUser("alice", new Revocation(START, LogoutReason.FORCED));
		this.registry.revokeUser("alice", new Revocation(START.plusSeconds(60), LogoutReason.ENDED_BY_USER, current));
		this.registry.revokeUser("bob", new Revocation(START.plusSeconds(60), LogoutReason.FORCED));
		this.registry.revokeUser("bob",
				new Revocation(START.plusSeconds(90), LogoutReason.ENDED_BY_USER, START.plusSeconds(30)));

		assertThat(this.registry.find("alice", current)).isEmpty();
		assertThat(this.registry.find("alice", current.plusMillis(1))).map(Revocation::reason)
			.contains(LogoutReason.ENDED_BY_USER);
		assertThat(this.registry.find("bob", START.plusSeconds(30))).as("refused by the earlier revocation")
			.isPresent();
	}

	@Test
	void rememberMeCookieIssuedAtALoginThatTheRevocationKeepsIsRefusedAllTheSame() {
		Instant current = START.plusSeconds(30);
		this.registry.revokeUser("alice", new Revocation(START.plusSeconds(60), LogoutReason.ENDED_BY_USER, current));

		assertThat(this.registry.find("alice", current)).as("the session").isEmpty();
		assertThat(this.registry.findLatestForRememberMe("alice", current)).as("its cookie")
			.map(Revocation::reason)
			.contains(LogoutReason.ENDED_BY_USER);
		assertThat(this.registry.findLatestForRememberMe("alice", START.plusSeconds(60))).isEmpty();
		assertThat(this.registry.findLatestForRememberMe("bob", current)).isEmpty();
	}

	@Test
	void rememberMeCookieIssuedBeforeARevocationOfEveryoneIsRefused() {
		this.registry.revokeEveryone(new Revocation(START, LogoutReason.FORCED));

		assertThat(this.registry.findLatestForRememberMe("alice", START.minusMillis(1))).isPresent();
		assertThat(this.registry.findLatestForRememberMe("alice", START)).isEmpty();
	}

	@Test
	void revocationOfEveryoneRefusesALoginThatTheUsersRevocationKeeps() {
		Instant current = START.plusSeconds(30);
		Revocation everyone = new Revocation(START.plusSeconds(40), LogoutReason.FORCED);
		this.registry.revokeEveryone(everyone);
		this.registry.revokeUser("alice", new Revocation(START.plusSeconds(60), LogoutReason.ENDED_BY_USER, current));

		assertThat(this.registry.find("alice", current)).contains(everyone);
		assertThat(this.registry.find("alice", START.plusSeconds(50))).map(Revocation::reason)
			.contains(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void userRevocationWinsOverAnEarlierRevocationOfEveryone() {
		Revocation everyone = new Revocation(START, LogoutReason.FORCED);
		Revocation user = new Revocation(START.plusSeconds(60), LogoutReason.DISABLED);
		this.registry.revokeEveryone(everyone);
		this.registry.revokeUser("alice", user);
		assertThat(this.registry.find("alice", START.minusSeconds(1))).contains(user);
		assertThat(this.registry.find("alice", START.plusSeconds(30))).contains(user);
		assertThat(this.registry.find("bob", START.plusSeconds(30))).isEmpty();
		assertThat(this.registry.find("bob", START.minusSeconds(1))).contains(everyone);
	}

	@Test
	void revocationOfEveryoneIsNotCountedAsAnEntry() {
		this.registry.revokeEveryone(new Revocation(START, LogoutReason.FORCED));
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void revokedSessionIsFoundByItsId() {
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.registry.revokeSession("s2", LogoutReason.DISABLED);
		assertThat(this.registry.findSession("s1")).contains(LogoutReason.FORCED);
		assertThat(this.registry.findSession("s2")).contains(LogoutReason.DISABLED);
		assertThat(this.registry.findSession("s3")).isEmpty();
	}

	@Test
	void revokingASessionAgainKeepsTheFirstReason() {
		assertThat(this.registry.revokeSession("s1", LogoutReason.FORCED)).isTrue();
		assertThat(this.registry.revokeSession("s1", LogoutReason.CREDENTIALS_CHANGED)).isFalse();
		assertThat(this.registry.findSession("s1")).contains(LogoutReason.FORCED);
		assertThat(this.registry.size()).isEqualTo(1);
	}

	@Test
	void aSessionRevokedAfterTheRetentionOfItsFirstRevocationIsRevokedAnew() {
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.clock.advance(RETENTION.plusMillis(1));
		assertThat(this.registry.revokeSession("s1", LogoutReason.IDLE)).isTrue();
		assertThat(this.registry.findSession("s1")).contains(LogoutReason.IDLE);
	}

	@Test
	void revokingSessionsTogetherReturnsThoseNotRevokedBefore() {
		this.registry.revokeSession("s2", LogoutReason.IDLE);
		assertThat(this.registry.revokeSessions(List.of("s1", "s2", "s3", "s1"), LogoutReason.FORCED))
			.containsExactly("s1", "s3");
		assertThat(this.registry.findSession("s2")).contains(LogoutReason.IDLE);
	}

	@Test
	void revokedSessionIsRememberedUntilTheEndOfTheRetention() {
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.clock.advance(RETENTION);
		assertThat(this.registry.findSession("s1")).contains(LogoutReason.FORCED);
	}

	@Test
	void revokedSessionIsForgottenAfterTheRetention() {
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.clock.advance(RETENTION.plusMillis(1));
		assertThat(this.registry.findSession("s1")).isEmpty();
	}

	@Test
	void forgetExpiredDropsSessionEntriesOlderThanTheRetention() {
		this.registry.revokeSession("old", LogoutReason.FORCED);
		this.clock.advance(Duration.ofHours(1));
		this.registry.revokeSession("recent", LogoutReason.FORCED);
		this.clock.advance(RETENTION.minusHours(1).plusMillis(1));
		this.registry.forgetExpired();
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.registry.findSession("recent")).contains(LogoutReason.FORCED);
	}

	@Test
	void forgetExpiredDropsUserEntriesOlderThanTheRetention() {
		this.registry.revokeUser("old", new Revocation(START, LogoutReason.FORCED));
		this.registry.revokeUser("recent", new Revocation(START.plus(Duration.ofHours(1)), LogoutReason.FORCED));
		this.clock.advance(RETENTION.plusMillis(1));
		this.registry.forgetExpired();
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.registry.find("old", START.minusSeconds(1))).isEmpty();
		assertThat(this.registry.find("recent", START.minusSeconds(1))).isPresent();
	}

	@Test
	void forgetExpiredKeepsEntriesExactlyAtTheEndOfTheRetention() {
		this.registry.revokeUser("alice", new Revocation(START, LogoutReason.FORCED));
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.clock.advance(RETENTION);
		this.registry.forgetExpired();
		assertThat(this.registry.size()).isEqualTo(2);
	}

	@Test
	void forgetExpiredKeepsEntriesWithinTheRetention() {
		this.registry.revokeUser("alice", new Revocation(START, LogoutReason.FORCED));
		this.registry.revokeSession("s1", LogoutReason.FORCED);
		this.clock.advance(RETENTION.minusMinutes(1));
		this.registry.forgetExpired();
		assertThat(this.registry.size()).isEqualTo(2);
		assertThat(this.registry.findSession("s1")).contains(LogoutReason.FORCED);
	}

	@Test
	void revokingDropsExpiredEntriesWithoutAnExplicitSweep() {
		this.registry.revokeSession("old", LogoutReason.FORCED);
		this.registry.revokeUser("old-user", new Revocation(START, LogoutReason.FORCED));
		this.clock.advance(RETENTION.plus(Duration.ofMinutes(2)));
		this.registry.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));
		assertThat(this.registry.size()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(2));
		this.registry.revokeSession("s1", LogoutReason.DISABLED);
		assertThat(this.registry.size()).isEqualTo(2);
	}

	@Test
	void concurrentUserRevocationsKeepTheLatestInstant() throws Exception {
		int revocations = 2_000;
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < revocations; i++) {
				Instant notBefore = START.plusMillis((i * 7919L) % revocations);
				futures.add(executor.submit(() -> {
					start.await();
					this.registry.revokeUser("alice", new Revocation(notBefore, LogoutReason.FORCED));
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		Instant latest = START.plusMillis(revocations - 1);
		assertThat(this.registry.find("alice", latest.minusMillis(1))).map(Revocation::notBefore).contains(latest);
		assertThat(this.registry.find("alice", latest)).isEmpty();
		assertThat(this.registry.size()).isEqualTo(1);
	}

	@Test
	void concurrentRevocationsOfManyUsersAreAllKept() throws Exception {
		int users = 500;
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				String username = "user-" + i;
				futures.add(executor.submit(() -> {
					this.registry.revokeUser(username, new Revocation(START, LogoutReason.DISABLED));
					this.registry.revokeSession("session-of-" + username, LogoutReason.DISABLED);
				}));
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.registry.size()).isEqualTo(2 * users);
		assertThat(this.registry.find("user-123", START.minusMillis(1))).isPresent();
		assertThat(this.registry.findSession("session-of-user-456")).contains(LogoutReason.DISABLED);
	}

}

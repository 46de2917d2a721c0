package io.github.autologout.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.SessionEndPolicy;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.test.ForwardingRevocationRegistry;
import io.github.autologout.test.MutableClock;
import io.github.autologout.test.Rendezvous;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SessionExpiryChecker}, with autologout's in-memory tracker and registry and
 * sessions kept in a map.
 */
class SessionExpiryCheckerTests {

	private static final Instant LOGIN = Instant.parse("2026-12-05T08:00:00Z");

	private static final TimeoutPolicy POLICY = TimeoutPolicy.of(Duration.ofMinutes(15), Duration.ofHours(8));

	private final MutableClock clock = new MutableClock(LOGIN);

	private final InMemorySessionTracker tracker = new InMemorySessionTracker();

	private final InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(this.clock,
			Duration.ofHours(8));

	private final MapSessionLookup sessions = new MapSessionLookup();

	private final List<AutoLogoutEvent> events = new CopyOnWriteArrayList<>();

	/** The users tracked when each session's event was published, by session id. */
	private final Map<String, Set<String>> onlineAtEvents = new ConcurrentHashMap<>();

	private final SessionExpiryChecker checker = checkerWith(this.tracker);

	private void signIn(String sessionId, String username) {
		this.sessions.put(sessionId, username, SessionTimes.authenticatedAt(LOGIN));
		this.tracker.seen(username, LOGIN);
		this.tracker.track(new TrackedSession(sessionId, username, POLICY.deadline(SessionTimes.authenticatedAt(LOGIN))));
	}

	@Test
	void aSessionPastItsDeadlineIsDeletedWithOneEvent() {
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.sessions.find("s1")).isEmpty();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getUsername()).isEqualTo("alice");
			assertThat(event.getSessionId()).isEqualTo("s1");
			assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE);
		});
		assertThat(this.revocations.findSession("s1")).contains(LogoutReason.IDLE);
		assertThat(this.tracker.lastSeen("alice")).contains(LOGIN);
		assertThat(this.onlineAtEvents.get("s1")).as("forgotten before its event, by a tracker that keeps an "
				+ "instant per session").isEmpty();
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.events).hasSize(1);
		assertThat(this.tracker.usernames()).isEmpty();
	}

	@Test
	void aSessionWhoseCheckFailsKeepsItsLeaseWhileTheOtherSessionsOfTheClaimAreChecked() {
		signIn("s1", "alice");
		signIn("s2", "mallory");
		this.sessions.putUnreadablePrincipal("s2");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s1");
		assertThat(this.tracker.sessionIds("mallory")).as("leased").containsExactly("s2");
		assertThat(this.checker.checkDue()).isZero();

		this.sessions.put("s2", "mallory", SessionTimes.authenticatedAt(LOGIN));
		this.clock.advance(SessionTracker.CLAIM_LEASE);
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s1", "s2");
	}

	@Test
	void aSessionClaimedByANodeThatStoppedBeforeCheckingItIsCheckedWhenTheClaimLapses() {
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.tracker.claimDue(this.clock.instant(), 10)).extracting(TrackedSession::sessionId)
			.containsExactly("s1");
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.sessions.find("s1")).isPresent();
		this.clock.advance(SessionTracker.CLAIM_LEASE);
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.sessions.find("s1")).isEmpty();
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE));
	}

	/**
	 * Tracked again, rather than left to its lease, which a tracker that keeps one instant per user
	 * lets the tracking of the user's other sessions replace with a later one.
	 */
	@Test
	void aSessionWhoseCheckFailsIsTrackedAgainAtTheEndOfTheLeaseAndItsUserReleased() {
		UnreliableTracker recording = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(recording);
		signIn("s2", "mallory");
		this.sessions.putUnreadablePrincipal("s2");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(checker.checkDue()).isZero();
		assertThat(recording.releases).containsExactly(Set.of("mallory"));
		assertThat(this.tracker.claimDue(this.clock.instant().plus(SessionTracker.CLAIM_LEASE).minusMillis(1), 10))
			.isEmpty();
		assertThat(this.tracker.claimDue(this.clock.instant().plus(SessionTracker.CLAIM_LEASE), 10))
			.containsExactly(new TrackedSession("s2", "mallory", this.clock.instant().plus(SessionTracker.CLAIM_LEASE)));
	}

	@Test
	void theUserOfASessionWhoseCheckFailsAndCannotBeTrackedAgainIsLeftOutOfTheReleaseOfItsClaim() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(unreliable);
		signIn("s1", "alice");
		signIn("s2", "mallory");
		this.sessions.putUnreadablePrincipal("s2");
		this.clock.advance(Duration.ofMinutes(15));
		unreliable.failing = true;
		assertThat(checker.checkDue()).isEqualTo(1);
		assertThat(unreliable.releases).as("mallory's lease is left to lapse").containsExactly(Set.of("alice"));
	}

	@Test
	void anEndedSessionGetsItsEventEvenIfItsUserCannotBeRecordedAsSeen() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(unreliable);
		signIn("s1", "alice");
		unreliable.failingSeen = true;
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(checker.checkDue()).isEqualTo(1);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s1");
	}

	@Test
	void aSessionFoundUnderANewIdThatCannotBeTrackedUnderItKeepsItsOldEntryUntilItIs() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(unreliable);
		signIn("s1", "alice");
		this.sessions.changeId("s1", "s2", SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(10))));
		this.clock.advance(Duration.ofMinutes(15));
		unreliable.failing = true;
		assertThat(checker.checkDue()).isZero();
		assertThat(this.tracker.sessionIds("alice")).as("still leased under its old id").containsExactly("s1");
		unreliable.failing = false;
		assertThat(checker.checkDue()).isZero();
		assertThat(this.tracker.sessionIds("alice")).containsExactlyInAnyOrder("s1", "s2");
	}

	@Test
	void aLiveSessionFoundUnderANewIdIsTrackedUnderItOnly() {
		signIn("s1", "alice");
		Instant activity = LOGIN.plus(Duration.ofMinutes(10));
		this.sessions.changeId("s1", "s2", SessionTimes.of(LOGIN, activity));
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.tracker.sessionIds("alice")).containsExactly("s2");
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.getSessionId()).isEqualTo("s2"));
		assertThat(this.tracker.usernames()).isEmpty();
	}

	@Test
	void aSessionWithActivitySinceItWasTrackedIsTrackedAgainAtItsRealDeadline() {
		signIn("s1", "alice");
		Instant activity = LOGIN.plus(Duration.ofMinutes(10));
		this.sessions.put("s1", "alice", SessionTimes.of(LOGIN, activity));
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.events).isEmpty();
		assertThat(this.tracker.claimDue(activity.plus(Duration.ofMinutes(15)).minusMillis(1), 10)).isEmpty();
		assertThat(this.tracker.claimDue(activity.plus(Duration.ofMinutes(15)), 10))
			.containsExactly(new TrackedSession("s1", "alice", activity.plus(Duration.ofMinutes(15))));
	}

	@Test
	void aSessionWhoseEndARequestRecordedFirstIsDeletedWithoutASecondEvent() {
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		this.revocations.revokeSession("s1", LogoutReason.IDLE);
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.sessions.find("s1")).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void aSessionEndedElsewhereIsForgottenWithoutAnEvent() {
		signIn("s1", "alice");
		this.sessions.delete("s1");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.events).isEmpty();
		assertThat(this.tracker.usernames()).isEmpty();
		assertThat(this.tracker.lastSeen("alice")).contains(LOGIN);
	}

	@Test
	void aSessionThatCannotBeReadIsCheckedAgainAfterTheInterval() {
		signIn("s1", "alice");
		this.sessions.failing = true;
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isZero();
		this.sessions.failing = false;
		assertThat(this.checker.checkDue()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.events).hasSize(1);
	}

	@Test
	void aLiveSessionThatCannotBeTrackedAgainIsTrackedAtTheNextPass() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(unreliable);
		signIn("s1", "alice");
		Instant activity = LOGIN.plus(Duration.ofMinutes(10));
		this.sessions.put("s1", "alice", SessionTimes.of(LOGIN, activity));
		this.clock.advance(Duration.ofMinutes(15));
		unreliable.failing = true;
		assertThat(checker.checkDue()).isZero();
		assertThat(unreliable.failures).as("claimed, and not tracked again").isEqualTo(1);

		unreliable.failing = false;
		assertThat(checker.checkDue()).isZero();
		assertThat(this.tracker.claimDue(activity.plus(Duration.ofMinutes(15)).minusMillis(1), 10))
			.as("tracked at its deadline, not left to its lease").isEmpty();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(checker.checkDue()).isEqualTo(1);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s1");
	}

	@Test
	void stoppingWhileAPassReadsASessionLetsThePassTrackItAgainFirst() throws Exception {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		unreliable.failingWhenInterrupted = true;
		SessionExpiryChecker checker = checkerWith(unreliable);
		checker.setInterval(Duration.ofMillis(10));
		Rendezvous read = claimedLiveSessionWhoseReadWaits();

		stopWhileItsPassWaitsToRead(checker, read);

		assertThat(checker.isRunning()).isFalse();
		assertThat(unreliable.failures).as("tracked again by the pass itself").isZero();
		assertThat(this.tracker.sessionIds("alice")).containsExactly("s1");
	}

	@Test
	void aPassStoppedWhileItChecksABatchClaimsNoFurtherBatch() throws Exception {
		SessionExpiryChecker checker = checkerWith(this.tracker);
		checker.setInterval(Duration.ofMillis(10));
		for (int i = 0; i < 501; i++) {
			signIn("s" + i, "alice");
			this.sessions.put("s" + i, "alice", SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(10))));
		}
		this.clock.advance(Duration.ofMinutes(15));
		Rendezvous read = new Rendezvous(2);
		this.sessions.rendezvous = read;

		stopWhileItsPassWaitsToRead(checker, read);

		assertThat(this.sessions.reads.get()).as("the first batch's reads only").isEqualTo(500);
		assertThat(this.tracker.size()).isEqualTo(501);
		assertThat(this.tracker.claimDue(this.clock.instant(), 1000)).as("the unclaimed one, still due").hasSize(1);
	}

	@Test
	void aStopWhoseThreadIsInterruptedInterruptsThePassTracksWhatItClaimedAndKeepsTheInterrupt()
			throws Exception {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		unreliable.failingWhenInterrupted = true;
		SessionExpiryChecker checker = checkerWith(unreliable);
		checker.setInterval(Duration.ofMillis(10));
		claimedLiveSessionWhoseReadWaits();
		checker.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.readers.contains("autologout-expiry"));
		AtomicBoolean interruptKept = new AtomicBoolean();
		Thread stopping = new Thread(() -> {
			checker.stop();
			interruptKept.set(Thread.currentThread().isInterrupted());
		});
		stopping.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING);

		stopping.interrupt();
		stopping.join(5_000);

		assertThat(stopping.isAlive()).isFalse();
		assertThat(interruptKept).isTrue();
		assertThat(unreliable.failures).as("the interrupted pass could not track it again").isEqualTo(1);
		assertThat(this.tracker.sessionIds("alice")).containsExactly("s1");
	}

	/**
	 * Starts the checker, stops it from another thread once its pass waits in a read, and lets
	 * the read go on by meeting the rendezvous once the stop waits for the pass.
	 */
	private void stopWhileItsPassWaitsToRead(SessionExpiryChecker checker, Rendezvous read) throws Exception {
		checker.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.readers.contains("autologout-expiry"));
		Thread stopping = new Thread(checker::stop);
		stopping.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> stopping.getState() == Thread.State.TIMED_WAITING
				|| stopping.getState() == Thread.State.TERMINATED);
		read.meet();
		stopping.join(5_000);
		assertThat(stopping.isAlive()).as("stopped").isFalse();
	}

	@Test
	void aPassInterruptedByStopHasWhatItClaimedTrackedAgainByTheStoppingThread() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		unreliable.failingWhenInterrupted = true;
		SessionExpiryChecker checker = checkerWith(unreliable);
		checker.setInterval(Duration.ofMillis(10));
		checker.setStopTimeout(Duration.ofMillis(50));
		claimedLiveSessionWhoseReadWaits();
		checker.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.readers.contains("autologout-expiry"));

		checker.stop();

		assertThat(unreliable.failures).as("the interrupted pass could not track it again").isEqualTo(1);
		assertThat(this.tracker.sessionIds("alice")).containsExactly("s1");
	}

	@Test
	void aListenerThatThrowsAnErrorDoesNotStopTheLaterPasses() {
		AtomicBoolean thrown = new AtomicBoolean();
		SessionExpiryChecker checker = new SessionExpiryChecker(this.tracker, this.sessions,
				new SessionEndPolicy(new AuthorityTimeoutPolicyResolver(POLICY, Map.of()), this.revocations),
				this.revocations, (event) -> {
					if (thrown.compareAndSet(false, true)) {
						throw new NoClassDefFoundError("a class the listener needs");
					}
					this.events.add((AutoLogoutEvent) event);
				}, this.clock);
		checker.setInterval(Duration.ofMillis(10));
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		checker.start();
		try {
			await().atMost(Duration.ofSeconds(5)).untilTrue(thrown);
			signIn("s2", "bob");
			this.clock.advance(Duration.ofMinutes(15));

			await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.isEmpty());
		}
		finally {
			checker.stop();
		}
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s2");
		assertThat(this.sessions.find("s1")).as("ended before its listener failed").isEmpty();
	}

	/**
	 * Signs alice in with session s1, which has been active since it was tracked, and makes s1
	 * due: the pass that claims it reads it live, once the returned rendezvous is met.
	 */
	private Rendezvous claimedLiveSessionWhoseReadWaits() {
		signIn("s1", "alice");
		this.sessions.put("s1", "alice", SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(10))));
		this.clock.advance(Duration.ofMinutes(15));
		Rendezvous read = new Rendezvous(2);
		this.sessions.rendezvous = read;
		return read;
	}

	@Test
	void aSessionThatCannotBeDeletedGetsItsEventOnceItsEndIsRecordedAndIsDeletedAfterTheInterval() {
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		this.sessions.failingDelete = true;
		assertThat(this.checker.checkDue()).isZero();
		assertThat(this.sessions.find("s1")).isPresent();
		assertThat(this.revocations.findSession("s1")).contains(LogoutReason.IDLE);
		assertThat(this.events).extracting(AutoLogoutEvent::getReason).containsExactly(LogoutReason.IDLE);

		this.sessions.failingDelete = false;
		this.clock.advance(Duration.ofSeconds(1));
		this.checker.checkDue();
		assertThat(this.sessions.find("s1")).isEmpty();
		assertThat(this.events).as("published once").hasSize(1);
		assertThat(this.tracker.usernames()).isEmpty();
	}

	@Test
	void aSessionWhoseEndCannotBeRecordedIsLeftInItsStoreAndEndedAfterTheIntervalWithItsEvent() {
		ForwardingRevocationRegistry unreliable = new ForwardingRevocationRegistry(this.revocations) {

			private final AtomicBoolean failed = new AtomicBoolean();

			@Override
			public boolean revokeSession(String sessionId, LogoutReason reason) {
				if (this.failed.compareAndSet(false, true)) {
					throw new IllegalStateException("the registry's store failed");
				}
				return super.revokeSession(sessionId, reason);
			}

		};
		SessionExpiryChecker checker = new SessionExpiryChecker(this.tracker, this.sessions,
				new SessionEndPolicy(new AuthorityTimeoutPolicyResolver(POLICY, Map.of()), unreliable), unreliable,
				(event) -> this.events.add((AutoLogoutEvent) event), this.clock);
		signIn("s1", "alice");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(checker.checkDue()).isZero();
		assertThat(this.sessions.find("s1")).as("left for its next request to be told why").isPresent();
		assertThat(this.events).isEmpty();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(checker.checkDue()).isEqualTo(1);
		assertThat(this.sessions.find("s1")).isEmpty();
		assertThat(this.revocations.findSession("s1")).contains(LogoutReason.IDLE);
		assertThat(this.events).extracting(AutoLogoutEvent::getReason).containsExactly(LogoutReason.IDLE);
	}

	/**
	 * A session whose stored times read as a last activity near the end of the epoch-millisecond
	 * range (corrupt, or written by something else under the same attribute) has a deadline that
	 * no tracker can hold; the filter ends it at its next request, the checker too.
	 */
	@Test
	void aSessionWhoseTimesAreFarAheadOfTheClockIsEndedAsTheFilterEndsItRatherThanTrackedOutOfReach() {
		signIn("s1", "alice");
		String corrupt = Long.toString(Long.MAX_VALUE - 60_000, 36) + ":0";
		this.sessions.sessions.put("s9", new StoredSession("s9", UsernamePasswordAuthenticationToken.authenticated(
				"mallory", null, AuthorityUtils.createAuthorityList("ROLE_USER")),
				SessionTimesAttributes.read((name) -> corrupt)));
		this.tracker.track(new TrackedSession("s9", "mallory", LOGIN.plus(Duration.ofMinutes(1))));
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.checker.checkDue()).isEqualTo(1);
		assertThat(this.sessions.find("s9")).isEmpty();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getSessionId()).isEqualTo("s9");
			assertThat(event.getReason()).isEqualTo(LogoutReason.ABSOLUTE);
		});
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.checker.checkDue()).as("alice's idle session is ended").isEqualTo(1);
	}

	@Test
	void aSessionThatCannotBeTrackedAgainOnAnyPassDoesNotStopTheChecksOfTheOtherSessions() {
		UnreliableTracker unreliable = new UnreliableTracker(this.tracker);
		SessionExpiryChecker checker = checkerWith(unreliable);
		signIn("s1", "alice");
		signIn("s9", "mallory");
		this.sessions.put("s9", "mallory", SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(10))));
		unreliable.refusedSessionId = "s9";
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(checker.checkDue()).as("alice's; mallory's is live, and kept to be tracked again").isEqualTo(1);

		signIn("s2", "bob");
		assertThat(checker.checkDue()).as("bob's, past its deadline, though mallory's still cannot be tracked")
			.isEqualTo(1);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("s1", "s2");
	}

	private SessionExpiryChecker checkerWith(SessionTracker tracker) {
		return new SessionExpiryChecker(tracker, this.sessions,
				new SessionEndPolicy(new AuthorityTimeoutPolicyResolver(POLICY, Map.of()), this.revocations),
				this.revocations, (event) -> {
					AutoLogoutEvent logout = (AutoLogoutEvent) event;
					this.onlineAtEvents.put(logout.getSessionId(), tracker.usernames());
					this.events.add(logout);
				}, this.clock);
	}

	@Test
	void everyDueSessionIsCheckedInOnePassHoweverMany() {
		for (int i = 0; i < 1200; i++) {
			signIn("s" + i, "user-" + (i % 300));
		}
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isEqualTo(1200);
		assertThat(this.events).hasSize(1200);
		assertThat(this.tracker.size()).isZero();
	}

	@Test
	void theSessionsOfAClaimAreCheckedOnTheExecutorAndTheCallingThread() {
		for (int i = 0; i < 40; i++) {
			signIn("s" + i, "alice");
		}
		this.clock.advance(Duration.ofMinutes(15));
		this.sessions.rendezvous = new Rendezvous(2);
		assertThat(checkDueOnAnExecutor(4)).isEqualTo(40);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).doesNotHaveDuplicates().hasSize(40);
		assertThat(this.sessions.readers).contains("session-executor", Thread.currentThread().getName());
		assertThat(this.sessions.rendezvous.waitsInVain()).as("reads that waited for another in vain").isZero();
	}

	/**
	 * Checks the due sessions with a session executor of the given threads, named
	 * {@code session-executor}.
	 */
	private int checkDueOnAnExecutor(int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads,
				(task) -> new Thread(task, "session-executor"));
		try {
			this.checker.setSessionExecutor(executor);
			return this.checker.checkDue();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void theSessionsOfOneUserInAClaimAreReadThroughOneReaderOfThatUser() {
		signIn("s1", "alice");
		signIn("s2", "alice");
		signIn("s3", "alice");
		signIn("s4", "bob");
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isEqualTo(4);
		assertThat(this.sessions.readersMade).containsOnlyKeys("alice", "bob");
		assertThat(this.sessions.readersMade.get("alice")).singleElement()
			.satisfies((ids) -> assertThat(ids).containsExactlyInAnyOrder("s1", "s2", "s3"));
		assertThat(this.sessions.readersMade.get("bob")).singleElement()
			.satisfies((ids) -> assertThat(ids).containsExactly("s4"));
	}

	@Test
	void theSessionsOfTheUsersOfAClaimAreReadConcurrentlyOnTheExecutor() {
		signIn("s1", "alice");
		signIn("s2", "bob");
		this.clock.advance(Duration.ofMinutes(15));
		this.sessions.readerRendezvous = new Rendezvous(2);
		assertThat(checkDueOnAnExecutor(2)).isEqualTo(2);
		assertThat(this.sessions.readersMade).containsOnlyKeys("alice", "bob");
		assertThat(this.sessions.readerRendezvous.waitsInVain()).as("users' reads that waited for the other in vain")
			.isZero();
	}

	@Test
	void whereReadingAUsersSessionsAtOnceFailsEachIsReadOnItsOwn() {
		signIn("s1", "alice");
		signIn("s2", "alice");
		this.sessions.failingAtOnce = true;
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.checker.checkDue()).isEqualTo(2);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactlyInAnyOrder("s1", "s2");
	}

	/**
	 * Sessions in a map, as a store outside of any request holds them.
	 */
	private static final class MapSessionLookup implements SessionLookup {

		private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

		private volatile boolean failing;

		private volatile boolean failingAtOnce;

		private volatile boolean failingDelete;

		/** The ids each reader was made for, by user. */
		private final Map<String, List<List<String>>> readersMade = new ConcurrentHashMap<>();

		private final Set<String> readers = ConcurrentHashMap.newKeySet();

		private final AtomicInteger reads = new AtomicInteger();

		/** Where set, each read meets the others there. */
		private volatile Rendezvous rendezvous = new Rendezvous(0);

		/** Where set, each reader of a user's sessions meets the others there before it is returned. */
		private volatile Rendezvous readerRendezvous = new Rendezvous(0);

		void put(String sessionId, String username, SessionTimes times) {
			this.sessions.put(sessionId, new StoredSession(sessionId, UsernamePasswordAuthenticationToken
				.authenticated(username, null, AuthorityUtils.createAuthorityList("ROLE_USER")), times));
		}

		/** Stores a session whose principal fails to give its name, as a corrupt one might. */
		void putUnreadablePrincipal(String sessionId) {
			Object principal = new Object() {

				@Override
				public String toString() {
					throw new IllegalStateException("unreadable principal");
				}

			};
			this.sessions.put(sessionId, new StoredSession(sessionId, UsernamePasswordAuthenticationToken
				.authenticated(principal, null, AuthorityUtils.createAuthorityList("ROLE_USER")), SessionTimes
				.authenticatedAt(LOGIN)));
		}

		/** Gives a session a new id, found under its old one too, as the in-memory index does. */
		void changeId(String oldId, String newId, SessionTimes times) {
			StoredSession session = this.sessions.remove(oldId);
			StoredSession renamed = new StoredSession(newId, session.authentication(), times);
			this.sessions.put(oldId, renamed);
			this.sessions.put(newId, renamed);
		}

		@Override
		public Optional<StoredSession> find(String sessionId) {
			if (this.failing) {
				throw new IllegalStateException("store unavailable");
			}
			this.reads.incrementAndGet();
			this.readers.add(Thread.currentThread().getName());
			this.rendezvous.meet();
			return Optional.ofNullable(this.sessions.get(sessionId));
		}

		@Override
		public Function<String, Optional<StoredSession>> readerOf(String username, Collection<String> sessionIds) {
			if (this.failingAtOnce) {
				throw new IllegalStateException("cannot read sessions by user");
			}
			this.readersMade.computeIfAbsent(username, (key) -> new CopyOnWriteArrayList<>())
				.add(List.copyOf(sessionIds));
			this.readerRendezvous.meet();
			return this::find;
		}

		@Override
		public void delete(String sessionId) {
			if (this.failingDelete) {
				throw new IllegalStateException("store unavailable");
			}
			this.sessions.remove(sessionId);
		}

	}

	/**
	 * A tracker whose store fails to track sessions while {@link #failing} is set, or on an
	 * interrupted thread while {@link #failingWhenInterrupted} is.
	 */
	private static final class UnreliableTracker implements SessionTracker {

		private final SessionTracker delegate;

		private volatile boolean failing;

		/** Fails on an interrupted thread, as a Redis client does. */
		private volatile boolean failingWhenInterrupted;

		private volatile int failures;

		private volatile boolean failingSeen;

		/** The id of a session that can never be tracked. */
		private volatile @Nullable String refusedSessionId;

		/** The users of each release, in turn. */
		private final List<Set<String>> releases = new CopyOnWriteArrayList<>();

		UnreliableTracker(SessionTracker delegate) {
			this.delegate = delegate;
		}

		@Override
		public void track(TrackedSession session) {
			if (this.failing || (this.failingWhenInterrupted && Thread.currentThread().isInterrupted())
					|| session.sessionId().equals(this.refusedSessionId)) {
				this.failures++;
				throw new IllegalStateException("store unavailable");
			}
			this.delegate.track(session);
		}

		@Override
		public List<TrackedSession> claimDue(Instant now, int limit) {
			return this.delegate.claimDue(now, limit);
		}

		@Override
		public void untrack(String username, Collection<String> sessionIds) {
			this.delegate.untrack(username, sessionIds);
		}

		@Override
		public Set<String> sessionIds(String username) {
			return this.delegate.sessionIds(username);
		}

		@Override
		public Set<String> usernames() {
			return this.delegate.usernames();
		}

		@Override
		public void seen(String username, Instant instant) {
			if (this.failingSeen) {
				throw new IllegalStateException("store unavailable");
			}
			this.delegate.seen(username, instant);
		}

		@Override
		public Optional<Instant> lastSeen(String username) {
			return this.delegate.lastSeen(username);
		}

		@Override
		public void forget(String username, Collection<String> sessionIds) {
			this.delegate.forget(username, sessionIds);
		}

		@Override
		public void release(Collection<String> usernames) {
			this.releases.add(Set.copyOf(usernames));
			this.delegate.release(usernames);
		}

	}

}

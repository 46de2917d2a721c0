package io.github.autologout.test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SessionTracker} must do; each store's tests extend this class. Two trackers
 * from {@link #newNode()} stand for two nodes of a cluster sharing one store.
 */
public abstract class SessionTrackerContractTests {

	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/**
	 * A tracker on this test's shared store, which is empty at the start of each test.
	 * @return a tracker
	 */
	protected abstract SessionTracker newNode();

	@Test
	void trackedSessionsAreFoundByUser() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s2", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s3", "bob", this.now.plusSeconds(60)));
		assertThat(tracker.sessionIds("alice")).containsExactlyInAnyOrder("s1", "s2");
		assertThat(tracker.sessionIds("bob")).containsExactly("s3");
		assertThat(tracker.sessionIds("carol")).isEmpty();
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
	}

	@Test
	void onlyDueSessionsAreClaimedEarliestFirst() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("late", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("second", "bob", this.now.minusSeconds(1)));
		tracker.track(new TrackedSession("first", "alice", this.now.minusSeconds(2)));
		tracker.track(new TrackedSession("exactly-now", "carol", this.now));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId)
			.containsExactly("first", "second", "exactly-now");
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).containsExactly("late");
		assertThat(tracker.usernames()).containsExactly("alice");
	}

	@Test
	void claimedSessionsCarryTheirUserAndCheckInstant() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
	}

	@Test
	void claimingStopsAtTheLimit() {
		SessionTracker tracker = newNode();
		for (int i = 0; i < 5; i++) {
			tracker.track(new TrackedSession("s" + i, "alice", this.now.minusSeconds(10 - i)));
		}
		assertThat(tracker.claimDue(this.now, 2)).extracting(TrackedSession::sessionId).containsExactly("s0", "s1");
		assertThat(tracker.sessionIds("alice")).containsExactlyInAnyOrder("s2", "s3", "s4");
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId)
			.containsExactly("s2", "s3", "s4");
		assertThat(tracker.usernames()).isEmpty();
	}

	@Test
	void claimingUpToTheLimitTakesTheEarliestSessionsOfAllUsers() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("alice-1", "alice", this.now.minusSeconds(10)));
		tracker.track(new TrackedSession("alice-2", "alice", this.now.minusSeconds(2)));
		tracker.track(new TrackedSession("alice-3", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("bob-1", "bob", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("carol-1", "carol", this.now.minusSeconds(8)));
		assertThat(tracker.claimDue(this.now, 2)).extracting(TrackedSession::sessionId)
			.containsExactly("alice-1", "carol-1");
		assertThat(tracker.claimDue(this.now, 2)).extracting(TrackedSession::sessionId)
			.containsExactly("bob-1", "alice-2");
		assertThat(tracker.claimDue(this.now, 2)).isEmpty();
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 2))
			.containsExactly(new TrackedSession("alice-3", "alice", this.now.plusSeconds(60)));
	}

	@Test
	void claimingNothingLeavesEverySessionTracked() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now, 0)).isEmpty();
		assertThat(tracker.claimDue(this.now.minusSeconds(6), 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).containsExactly("s1");
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly("s1");
	}

	@Test
	void trackingAgainAtALaterInstantIsClaimedAtTheLaterInstantOnly() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s1", "alice", this.now.plusSeconds(60)));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).containsExactly("s1");
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10))
			.containsExactly(new TrackedSession("s1", "alice", this.now.plusSeconds(60)));
		assertThat(tracker.usernames()).isEmpty();
	}

	@Test
	void trackingAgainAtAnEarlierInstantIsClaimedAtTheEarlierInstant() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s2", "alice", this.now.plusSeconds(30)));
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10))
			.containsExactly(new TrackedSession("s2", "alice", this.now.plusSeconds(30)));
	}

	@Test
	void aSessionTrackedAgainLaterIsClaimedAfterTheDueSessionsOfOtherUsers() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("alice-1", "alice", this.now.minusSeconds(10)));
		tracker.track(new TrackedSession("bob-1", "bob", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("alice-1", "alice", this.now.minusSeconds(1)));
		assertThat(tracker.claimDue(this.now, 1)).extracting(TrackedSession::sessionId).containsExactly("bob-1");
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession("alice-1", "alice", this.now.minusSeconds(1)));
	}

	@Test
	void untrackedSessionsAreNeverClaimed() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		assertThat(tracker.untrack("alice", "s1")).isTrue();
		assertThat(tracker.untrack("alice", "s1")).isFalse();
		assertThat(tracker.untrack("alice", "unknown")).isFalse();
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
	}

	@Test
	void untrackingTheLastSessionOfAUserForgetsTheUserAtOnce() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s2", "bob", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s3", "bob", this.now.plusSeconds(90)));
		assertThat(tracker.untrack("alice", "s1")).isTrue();
		assertThat(tracker.usernames()).containsExactly("bob");
		assertThat(tracker.untrack("bob", List.of("s2", "s3", "s4"))).isEqualTo(2);
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.sessionIds("bob")).isEmpty();
	}

	@Test
	void untrackingWithAnotherUsernameLeavesTheSessionTracked() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s2", "bob", this.now.plusSeconds(60)));
		assertThat(tracker.untrack("bob", "s1")).isFalse();
		assertThat(tracker.untrack("carol", "s1")).isFalse();
		assertThat(tracker.untrack("bob", List.of("s1"))).isZero();
		assertThat(tracker.sessionIds("alice")).containsExactly("s1");
		assertThat(tracker.sessionIds("bob")).containsExactly("s2");
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
	}

	@Test
	void untrackingTheEarliestSessionOfAUserLeavesTheOthersDueAtTheirOwnInstant() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s2", "alice", this.now.plusSeconds(60)));
		assertThat(tracker.untrack("alice", "s1")).isTrue();
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.sessionIds("alice")).containsExactly("s2");
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10)).extracting(TrackedSession::sessionId)
			.containsExactly("s2");
	}

	@Test
	void theSameSessionIdOfTwoUsersIsTrackedAndUntrackedForEachApart() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s1", "bob", this.now.plusSeconds(60)));
		assertThat(tracker.untrack("alice", "s1")).isTrue();
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.sessionIds("bob")).containsExactly("s1");
	}

	@Test
	void oddUsernamesAreKeptApart() {
		SessionTracker tracker = newNode();
		List<String> names = List.of("", " ", "*", "%", "a:b", "名字", "o'hara", "x".repeat(500), "line\nbreak");
		for (int i = 0; i < names.size(); i++) {
			tracker.track(new TrackedSession("s" + i, names.get(i), this.now.plusSeconds(60)));
		}
		for (int i = 0; i < names.size(); i++) {
			assertThat(tracker.sessionIds(names.get(i))).containsExactly("s" + i);
		}
		assertThat(tracker.usernames()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(tracker.untrack("a", "s4")).isFalse();
		assertThat(tracker.untrack("a:b", "s4")).isTrue();
		List<TrackedSession> claimed = tracker.claimDue(this.now.plusSeconds(60), 100);
		assertThat(claimed).extracting(TrackedSession::username)
			.containsExactlyInAnyOrderElementsOf(names.stream().filter((name) -> !name.equals("a:b")).toList());
		for (TrackedSession session : claimed) {
			assertThat(session.sessionId()).isEqualTo("s" + names.indexOf(session.username()));
		}
	}

	@Test
	void lastSeenKeepsTheLatestInstant() {
		SessionTracker tracker = newNode();
		assertThat(tracker.lastSeen("alice")).isEmpty();
		tracker.seen("alice", this.now);
		tracker.seen("alice", this.now.minusSeconds(30));
		assertThat(tracker.lastSeen("alice")).contains(this.now);
		tracker.seen("alice", this.now.plusSeconds(30));
		assertThat(tracker.lastSeen("alice")).contains(this.now.plusSeconds(30));
		assertThat(tracker.lastSeen("bob")).isEmpty();
	}

	@Test
	void everyDueSessionIsClaimedByExactlyOneOfSeveralNodes() throws Exception {
		SessionTracker setup = newNode();
		int count = 300;
		for (int i = 0; i < count; i++) {
			setup.track(new TrackedSession("s" + i, "user" + (i % 7), this.now.minusMillis(i)));
		}
		List<SessionTracker> nodes = List.of(newNode(), newNode(), newNode());
		List<String> claimed = Collections.synchronizedList(new ArrayList<>());
		ExecutorService executor = Executors.newFixedThreadPool(nodes.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (SessionTracker node : nodes) {
				futures.add(executor.submit(() -> {
					start.await();
					List<TrackedSession> batch;
					do {
						batch = node.claimDue(this.now, 7);
						batch.forEach((session) -> claimed.add(session.sessionId()));
					}
					while (!batch.isEmpty());
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
		assertThat(Set.copyOf(claimed)).hasSize(count);
	}

	@Test
	void everySessionIsEndedOnceWhenOneNodeClaimsWhileAnotherUntracks() throws Exception {
		SessionTracker setup = newNode();
		int count = 300;
		for (int i = 0; i < count; i++) {
			setup.track(new TrackedSession("s" + i, "user" + (i % 7), this.now.minusMillis(count - i)));
		}
		SessionTracker claimer = newNode();
		SessionTracker untracker = newNode();
		List<String> claimed = Collections.synchronizedList(new ArrayList<>());
		List<String> untracked = Collections.synchronizedList(new ArrayList<>());
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<?> claiming = executor.submit(() -> {
				start.await();
				List<TrackedSession> batch;
				do {
					batch = claimer.claimDue(this.now, 3);
					batch.forEach((session) -> claimed.add(session.sessionId()));
				}
				while (!batch.isEmpty());
				return null;
			});
			Future<?> untracking = executor.submit(() -> {
				start.await();
				for (int i = count - 1; i >= 0; i--) {
					if (untracker.untrack("user" + (i % 7), "s" + i)) {
						untracked.add("s" + i);
					}
				}
				return null;
			});
			start.countDown();
			claiming.get(60, TimeUnit.SECONDS);
			untracking.get(60, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		List<String> ended = new ArrayList<>(claimed);
		ended.addAll(untracked);
		assertThat(ended).hasSize(count).doesNotHaveDuplicates();
		assertThat(setup.usernames()).isEmpty();
	}

	@Test
	void severalSessionsAreUntrackedAtOnce() {
		SessionTracker tracker = newNode();
		for (int i = 0; i < 150; i++) {
			tracker.track(new TrackedSession("s" + i, "alice", this.now.minusSeconds(5)));
		}
		tracker.track(new TrackedSession("bob-1", "bob", this.now.minusSeconds(5)));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 149; i++) {
			ids.add("s" + i);
		}
		ids.add("unknown");
		assertThat(tracker.untrack("bob", ids)).isZero();
		assertThat(tracker.untrack("alice", ids)).isEqualTo(149);
		assertThat(newNode().untrack("alice", ids)).isZero();
		assertThat(tracker.untrack("alice", List.of())).isZero();
		assertThat(tracker.sessionIds("alice")).containsExactly("s149");
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.claimDue(this.now, 200)).extracting(TrackedSession::sessionId)
			.containsExactlyInAnyOrder("s149", "bob-1");
	}

}

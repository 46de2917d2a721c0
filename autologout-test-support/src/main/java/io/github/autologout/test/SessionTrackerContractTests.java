package io.github.autologout.test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SessionTracker} must do, whether it keeps a check instant per session or per
 * user; {@link PerSessionTrackerContractTests} and {@link PerUserTrackerContractTests} add what
 * each kind does. Two trackers from {@link #newNode()} stand for two nodes of a cluster sharing
 * one store.
 */
public abstract class SessionTrackerContractTests {

	/** The current instant, in whole seconds, the coarsest unit a tracker may round its check instants to. */
	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	/**
	 * A tracker on this test's shared store, which is empty at the start of each test.
	 * @return a tracker
	 */
	protected abstract SessionTracker newNode();

	/**
	 * Creates an authenticated session of the user where the tracker reads a user's sessions.
	 * @param username the session's user
	 * @return the session's id
	 */
	protected abstract String session(String username);

	/**
	 * Ends a session created by {@link #session(String)}, as a logout does.
	 * @param sessionId the session's id
	 */
	protected abstract void endSession(String sessionId);

	/** Creates a session of the user and tracks it at the given instant. */
	protected String tracked(SessionTracker tracker, String username, Instant checkAt) {
		String sessionId = session(username);
		tracker.track(new TrackedSession(sessionId, username, checkAt));
		return sessionId;
	}

	@Test
	void trackedSessionsAreFoundByUser() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		String s2 = tracked(tracker, "alice", this.now.plusSeconds(60));
		String s3 = tracked(tracker, "bob", this.now.plusSeconds(60));
		assertThat(tracker.sessionIds("alice")).containsExactlyInAnyOrder(s1, s2);
		assertThat(tracker.sessionIds("bob")).containsExactly(s3);
		assertThat(tracker.sessionIds("carol")).isEmpty();
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
	}

	@Test
	void onlyDueSessionsAreClaimedEarliestFirst() {
		SessionTracker tracker = newNode();
		String late = tracked(tracker, "alice", this.now.plusSeconds(60));
		String second = tracked(tracker, "bob", this.now.minusSeconds(1));
		String first = tracked(tracker, "carol", this.now.minusSeconds(2));
		String exactlyNow = tracked(tracker, "dave", this.now);
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId)
			.containsExactly(first, second, exactlyNow);
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).containsExactly(late);
		assertThat(tracker.usernames()).as("claimed sessions count until tracked or untracked again")
			.containsExactlyInAnyOrder("alice", "bob", "carol", "dave");
	}

	@Test
	void claimedSessionsCarryTheirUserAndCheckInstant() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession(s1, "alice", this.now.minusSeconds(5)));
	}

	@Test
	void claimingStopsAtTheLimit() {
		SessionTracker tracker = newNode();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(tracked(tracker, "user-" + i, this.now.minusSeconds(10 - i)));
		}
		assertThat(tracker.claimDue(this.now, 2)).extracting(TrackedSession::sessionId)
			.containsExactlyElementsOf(ids.subList(0, 2));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId)
			.containsExactlyElementsOf(ids.subList(2, 5));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
	}

	@Test
	void aClaimedSessionNeitherTrackedNorUntrackedAgainIsDueAgainWhenItsLeaseLapses() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		SessionTracker other = newNode();
		Instant lapse = this.now.plus(SessionTracker.CLAIM_LEASE);
		assertThat(other.claimDue(lapse.minusMillis(1), 10)).isEmpty();
		assertThat(other.sessionIds("alice")).containsExactly(s1);
		assertThat(other.usernames()).containsExactly("alice");
		assertThat(other.claimDue(lapse, 10)).containsExactly(new TrackedSession(s1, "alice", lapse));
	}

	@Test
	void aClaimedSessionTrackedAgainIsDueAtItsNewInstantOnlyEvenIfLaterThanTheLease() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		Instant deadline = this.now.plus(SessionTracker.CLAIM_LEASE.multipliedBy(3));
		tracker.track(new TrackedSession(s1, "alice", deadline));
		assertThat(tracker.claimDue(deadline.minusMillis(1), 10)).isEmpty();
		assertThat(tracker.claimDue(deadline, 10)).containsExactly(new TrackedSession(s1, "alice", deadline));
	}

	@Test
	void aClaimedSessionThatEndedIsGoneOnceForgottenAndReleased() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		endSession(s1);
		tracker.forget("alice", List.of(s1));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		tracker.release(List.of("alice"));
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), 10)).isEmpty();
	}

	@Test
	void aClaimedSessionTrackedAgainStaysTrackedOnceReleased() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		String s2 = tracked(tracker, "bob", this.now.plusSeconds(90));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		tracker.track(new TrackedSession(s1, "alice", this.now.plusSeconds(30)));
		tracker.release(List.of("alice", "bob"));
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.claimDue(this.now.plusSeconds(30), 10))
			.containsExactly(new TrackedSession(s1, "alice", this.now.plusSeconds(30)));
		assertThat(tracker.claimDue(this.now.plusSeconds(90), 10)).extracting(TrackedSession::sessionId)
			.containsExactly(s2);
	}

	@Test
	void claimingNothingLeavesEverySessionTracked() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 0)).isEmpty();
		assertThat(tracker.claimDue(this.now.minusSeconds(6), 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).containsExactly(s1);
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
	}

	@Test
	void trackingAgainAtAnEarlierInstantIsClaimedAtTheEarlierInstant() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		tracker.track(new TrackedSession(s1, "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession(s1, "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10)).isEmpty();
	}

	@Test
	void anEndedSessionThatIsUntrackedIsNeverClaimed() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		endSession(s1);
		tracker.untrack("alice", List.of(s1));
		tracker.untrack("alice", List.of(s1));
		tracker.untrack("alice", List.of("unknown"));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
	}

	@Test
	void untrackingTheLastSessionsOfAUserForgetsTheUserByTheNextClaim() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		String s2 = tracked(tracker, "bob", this.now.plusSeconds(60));
		String s3 = tracked(tracker, "bob", this.now.plusSeconds(90));
		endSession(s1);
		tracker.untrack("alice", List.of(s1));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).containsExactly("bob");
		endSession(s2);
		endSession(s3);
		tracker.untrack("bob", List.of(s2, s3, "unknown"));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.sessionIds("bob")).isEmpty();
	}

	@Test
	void aUserWhoseLastSessionIsUntrackedIsForgottenButStillLastSeen() {
		SessionTracker tracker = newNode();
		Instant login = this.now.minusSeconds(60);
		tracker.seen("alice", login);
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		endSession(s1);
		tracker.untrack("alice", List.of(s1));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.lastSeen("alice")).contains(login);
	}

	@Test
	void aUserWhoWasOnlySeenHasNoTrackedSession() {
		SessionTracker tracker = newNode();
		tracker.seen("alice", this.now.minusSeconds(60));
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), 10)).isEmpty();
	}

	@Test
	void untrackingWithAnotherUsernameLeavesTheSessionTracked() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		String s2 = tracked(tracker, "bob", this.now.plusSeconds(60));
		tracker.untrack("bob", List.of(s1));
		tracker.untrack("carol", List.of(s1));
		assertThat(tracker.sessionIds("alice")).containsExactly(s1);
		assertThat(tracker.sessionIds("bob")).containsExactly(s2);
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.claimDue(this.now, 10)).contains(new TrackedSession(s1, "alice", this.now.minusSeconds(5)));
	}

	@Test
	void severalEndedSessionsAreUntrackedAtOnce() {
		SessionTracker tracker = newNode();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			ids.add(tracked(tracker, "alice", this.now.minusSeconds(5)));
		}
		String bob = tracked(tracker, "bob", this.now.minusSeconds(5));
		List<String> ended = new ArrayList<>(ids.subList(0, 149));
		ended.forEach(this::endSession);
		ended.add("unknown");
		tracker.untrack("bob", ended);
		tracker.untrack("alice", ended);
		newNode().untrack("alice", ended);
		tracker.untrack("alice", List.of());
		assertThat(tracker.sessionIds("alice")).containsExactly(ids.get(149));
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.claimDue(this.now, 200)).extracting(TrackedSession::sessionId)
			.containsExactlyInAnyOrder(ids.get(149), bob);
	}

	/**
	 * Names that a store could confuse: empty, blank, with the separators and wildcards of Redis
	 * keys and SQL, and of the longest length Spring Session JDBC stores.
	 */
	@Test
	void oddUsernamesAreKeptApart() {
		SessionTracker tracker = newNode();
		List<String> names = List.of("", " ", "*", "%", "a:b", "名字", "o'hara", "x".repeat(100), "line\nbreak");
		List<String> ids = new ArrayList<>();
		for (String name : names) {
			ids.add(tracked(tracker, name, this.now.plusSeconds(60)));
		}
		for (int i = 0; i < names.size(); i++) {
			assertThat(tracker.sessionIds(names.get(i))).containsExactly(ids.get(i));
		}
		assertThat(tracker.sessionIds("a")).isEmpty();
		assertThat(tracker.usernames()).containsExactlyInAnyOrderElementsOf(names);
		List<TrackedSession> claimed = tracker.claimDue(this.now.plusSeconds(60), 100);
		assertThat(claimed).extracting(TrackedSession::username).containsExactlyInAnyOrderElementsOf(names);
		for (TrackedSession session : claimed) {
			assertThat(session.sessionId()).isEqualTo(ids.get(names.indexOf(session.username())));
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

	/**
	 * Names that no signed-in user has, as an administrator may type them: with a NUL character,
	 * which PostgreSQL refuses in any query, or longer than any name column.
	 */
	@Test
	void namesNoUserHasAreLookedUpAsUnknownAndNotAsAFailure() {
		SessionTracker tracker = newNode();
		for (String name : List.of("a\0b", "\0", "x".repeat(5000))) {
			assertThat(tracker.lastSeen(name)).as("last seen").isEmpty();
			assertThat(tracker.sessionIds(name)).as("session ids").isEmpty();
			tracker.untrack(name, List.of("some-session"));
		}
		assertThat(tracker.usernames()).isEmpty();
	}

	@Test
	void everyDueSessionIsClaimedByExactlyOneOfSeveralNodes() throws Exception {
		SessionTracker setup = newNode();
		int count = 300;
		for (int i = 0; i < count; i++) {
			tracked(setup, "user" + (i % 7), this.now.minusMillis(i));
		}
		List<String> claimed = Collections.synchronizedList(new ArrayList<>());
		Runnable[] nodes = new Runnable[3];
		for (int n = 0; n < nodes.length; n++) {
			SessionTracker node = newNode();
			nodes[n] = () -> {
				List<TrackedSession> batch;
				do {
					batch = node.claimDue(this.now, 3);
					batch.forEach((session) -> claimed.add(session.sessionId()));
				}
				while (!batch.isEmpty());
			};
		}
		Concurrently.run(nodes);
		assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
		assertThat(Set.copyOf(claimed)).hasSize(count);
		assertThat(setup.usernames()).as("leased, so still tracked").hasSize(7);
		assertThat(setup.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), count)).as("their leases lapsed")
			.hasSize(count);
	}

}

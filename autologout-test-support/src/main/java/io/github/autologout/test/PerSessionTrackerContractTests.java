package io.github.autologout.test;

import java.util.List;
import java.util.UUID;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link SessionTracker} that keeps a check instant per session does beyond the contract:
 * it is the only index of the sessions it tracks, so its sessions need no store of their own.
 */
public abstract class PerSessionTrackerContractTests extends SessionTrackerContractTests {

	@Override
	protected String session(String username) {
		return UUID.randomUUID().toString();
	}

	@Override
	protected void endSession(String sessionId) {
		// the tracker alone knows the session
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
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10)).isEmpty();
	}

	@Test
	void onlyTheDueSessionsOfAUserAreClaimed() {
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
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob", "carol");
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 2))
			.containsExactly(new TrackedSession("alice-3", "alice", this.now.plusSeconds(60)));
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
	void untrackingASessionForgetsItAtOnceAndLeavesTheOthersDueAtTheirOwnInstant() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s2", "alice", this.now.plusSeconds(60)));
		tracker.track(new TrackedSession("s3", "bob", this.now.plusSeconds(60)));
		tracker.untrack("alice", List.of("s1"));
		tracker.untrack("bob", List.of("s3"));
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.sessionIds("alice")).containsExactly("s2");
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.claimDue(this.now.plusSeconds(60), 10)).extracting(TrackedSession::sessionId)
			.containsExactly("s2");
	}

	@Test
	void theSameSessionIdOfTwoUsersIsTrackedAndUntrackedForEachApart() {
		SessionTracker tracker = newNode();
		tracker.track(new TrackedSession("s1", "alice", this.now.minusSeconds(5)));
		tracker.track(new TrackedSession("s1", "bob", this.now.plusSeconds(60)));
		tracker.untrack("alice", List.of("s1"));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.sessionIds("alice")).isEmpty();
		assertThat(tracker.sessionIds("bob")).containsExactly("s1");
	}

}

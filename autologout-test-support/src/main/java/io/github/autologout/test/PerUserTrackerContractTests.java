package io.github.autologout.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a {@link SessionTracker} that keeps one check instant per user, and reads the user's
 * sessions from the session store's principal index, does beyond the contract.
 */
public abstract class PerUserTrackerContractTests extends SessionTrackerContractTests {

	/** How long after a user was seen a claim that finds none of the user's sessions keeps the user. */
	protected static final Duration LOGIN_GRACE = Duration.ofSeconds(30);

	@Test
	void aDueUserIsClaimedWithAllOfItsSessionsAtItsEarliestInstant() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		String s2 = tracked(tracker, "alice", this.now.minusSeconds(5));
		String untracked = session("alice");
		tracked(tracker, "bob", this.now.plusSeconds(30));
		assertThat(tracker.claimDue(this.now, 10)).containsExactlyInAnyOrder(
				new TrackedSession(s1, "alice", this.now.minusSeconds(5)),
				new TrackedSession(s2, "alice", this.now.minusSeconds(5)),
				new TrackedSession(untracked, "alice", this.now.minusSeconds(5)));
		assertThat(tracker.usernames()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(tracker.sessionIds("alice")).containsExactlyInAnyOrder(s1, s2, untracked);
	}

	/**
	 * A started tracker on this test's store, like {@link #newNode()}, whose reads of a user's
	 * sessions fail while the given condition holds.
	 * @param failing whether reading a user's sessions fails
	 * @return a tracker
	 */
	protected abstract SessionTracker newNodeFailingToReadSessionsWhile(BooleanSupplier failing);

	@Test
	void usersOfAClaimWhoseSessionsCannotBeReadAreDueAgainAtTheirInstants() {
		AtomicBoolean failing = new AtomicBoolean(true);
		SessionTracker tracker = newNodeFailingToReadSessionsWhile(failing::get);
		String alice = tracked(tracker, "alice", this.now.minusSeconds(10));
		String bob = tracked(tracker, "bob", this.now.minusSeconds(5));
		assertThatIllegalStateException().isThrownBy(() -> tracker.claimDue(this.now, 10));

		failing.set(false);
		assertThat(tracker.claimDue(this.now, 10)).containsExactlyInAnyOrder(
				new TrackedSession(alice, "alice", this.now.minusSeconds(10)),
				new TrackedSession(bob, "bob", this.now.minusSeconds(5)));
	}

	/**
	 * As the expiry checker tracks again the sessions of a claimed user, each at its own instant,
	 * in any order: one whose check failed at the end of the claim's lease, a live one at its later
	 * deadline.
	 */
	@Test
	void theSessionsOfAClaimedUserTrackedAgainAtTwoInstantsInEitherOrderMakeTheUserDueAtTheEarlier() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		String s2 = tracked(tracker, "alice", this.now.minusSeconds(5));
		String s3 = tracked(tracker, "bob", this.now.minusSeconds(5));
		String s4 = tracked(tracker, "bob", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).hasSize(4);

		tracker.track(new TrackedSession(s2, "alice", this.now.plusSeconds(600)));
		tracker.track(new TrackedSession(s1, "alice", this.now.plusSeconds(120)));
		tracker.track(new TrackedSession(s3, "bob", this.now.plusSeconds(120)));
		tracker.track(new TrackedSession(s4, "bob", this.now.plusSeconds(600)));
		tracker.release(List.of("alice", "bob"));

		assertThat(tracker.claimDue(this.now.plusSeconds(119), 10)).isEmpty();
		assertThat(tracker.claimDue(this.now.plusSeconds(120), 10)).extracting(TrackedSession::sessionId)
			.containsExactlyInAnyOrder(s1, s2, s3, s4);
	}

	@Test
	void trackingAgainAtALaterInstantKeepsTheEarlierInstant() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		tracker.track(new TrackedSession(s1, "alice", this.now.plusSeconds(60)));
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession(s1, "alice", this.now.minusSeconds(5)));
	}

	@Test
	void theLimitCountsUsers() {
		SessionTracker tracker = newNode();
		for (int i = 0; i < 3; i++) {
			tracked(tracker, "alice", this.now.minusSeconds(10));
		}
		tracked(tracker, "bob", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 1)).extracting(TrackedSession::username)
			.containsExactly("alice", "alice", "alice");
		assertThat(tracker.claimDue(this.now, 1)).extracting(TrackedSession::username).containsExactly("bob");
	}

	@Test
	void aClaimGoesOnPastDueUsersLeftWithoutSessionsToTheSessionsOfLaterOnes() {
		SessionTracker tracker = newNode();
		endSession(tracked(tracker, "alice", this.now.minusSeconds(10)));
		endSession(tracked(tracker, "bob", this.now.minusSeconds(9)));
		String carol = tracked(tracker, "carol", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 1))
			.as("empty only once nothing is due, so that a pass goes on to later users")
			.containsExactly(new TrackedSession(carol, "carol", this.now.minusSeconds(5)));
		assertThat(tracker.usernames()).as("alice and bob, claimed without sessions, are forgotten")
			.containsExactly("carol");
	}

	@Test
	void untrackingMakesTheUserDueNowSoThatItsLiveSessionsAreCheckedAgain() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.plusSeconds(60));
		String s2 = tracked(tracker, "alice", this.now.plusSeconds(60));
		endSession(s1);
		tracker.untrack("alice", List.of(s1));
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s2);
	}

	/**
	 * The checker untracks an id that the principal index still lists after its session ended; a
	 * user made due again at once would be claimed again and again within one pass.
	 */
	@Test
	void untrackingAUserLeasedToAClaimLeavesTheUserToTheClaimsRelease() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		tracker.untrack("alice", List.of(s1));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).containsExactly("alice");
		tracker.release(List.of("alice"));
		assertThat(tracker.usernames()).isEmpty();
	}

	/**
	 * The principal index may still list a session that ended, which the checker then forgets; a
	 * user made due again would be claimed again within the same pass, over and over.
	 */
	@Test
	void forgettingAClaimedSessionNeverMakesItsUserDueAgainEvenWithinTheLoginGrace() {
		SessionTracker tracker = newNode();
		String older = tracked(tracker, "alice", this.now.minusSeconds(5));
		String stale = session("alice");
		tracker.seen("alice", this.now.minusSeconds(10));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId)
			.containsExactlyInAnyOrder(older, stale);
		tracker.forget("alice", List.of(stale));
		tracker.forget("alice", List.of(older));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		tracker.release(List.of("alice"));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).as("kept for the grace").containsExactly("alice");
	}

	@Test
	void aLeasedUserClaimedAgainWithinTheLoginGraceIsKeptForTheGraceByTheRelease() {
		SessionTracker tracker = newNode();
		String s1 = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		Instant lapse = this.now.plus(SessionTracker.CLAIM_LEASE);
		tracker.seen("alice", lapse.minusSeconds(10));
		assertThat(tracker.claimDue(lapse, 10)).extracting(TrackedSession::sessionId).containsExactly(s1);
		tracker.release(List.of("alice"));
		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.claimDue(lapse.plus(LOGIN_GRACE).minusSeconds(10), 10))
			.extracting(TrackedSession::sessionId)
			.containsExactly(s1);
	}

	@Test
	void untrackingAUserWhoIsNotTrackedTracksNothing() {
		SessionTracker tracker = newNode();
		String s1 = session("alice");
		tracker.untrack("alice", List.of(s1));
		assertThat(tracker.usernames()).isEmpty();
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
	}

	/**
	 * A login is seen and tracked before the request that authenticated it saves its session, so
	 * a claim at that moment does not find the session yet.
	 */
	@Test
	void aClaimThatFindsNoSessionOfAUserSeenWithinTheGraceClaimsTheUserAgainAfterIt() {
		SessionTracker tracker = newNode();
		String older = tracked(tracker, "alice", this.now.minusSeconds(5));
		endSession(older);
		Instant login = this.now.minusSeconds(10);
		tracker.seen("alice", login);
		tracker.track(new TrackedSession("being-saved", "alice", this.now.plusSeconds(600)));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).containsExactly("alice");
		String saved = session("alice");
		assertThat(tracker.claimDue(login.plus(LOGIN_GRACE).minusMillis(1), 10)).isEmpty();
		assertThat(tracker.claimDue(login.plus(LOGIN_GRACE), 10))
			.containsExactly(new TrackedSession(saved, "alice", login.plus(LOGIN_GRACE)));
	}

	@Test
	void aClaimThatFindsNoSessionOfAUserSeenBeforeTheGraceForgetsTheUser() {
		SessionTracker tracker = newNode();
		String older = tracked(tracker, "alice", this.now.minusSeconds(5));
		endSession(older);
		tracker.seen("alice", this.now.minus(LOGIN_GRACE));
		assertThat(tracker.claimDue(this.now, 10)).isEmpty();
		assertThat(tracker.usernames()).isEmpty();
	}

}

package io.github.autologout.test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link RevocationRegistry} shared by a cluster must do; each store's tests extend
 * this class. Registries from {@link #newNode()} stand for the nodes of one cluster.
 */
public abstract class SharedRevocationRegistryContractTests {

	/** How long another node may take to learn of a revocation in these tests. */
	protected static final Duration PROPAGATION = Duration.ofSeconds(5);

	protected final Instant login = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private RevocationRegistry nodeA;

	private RevocationRegistry nodeB;

	/**
	 * A started registry on this test's store, which holds nothing from other tests; the subclass
	 * stops it after the test.
	 * @return a registry
	 */
	protected abstract RevocationRegistry newNode();

	@BeforeEach
	void startTwoNodes() {
		this.nodeA = newNode();
		this.nodeB = newNode();
	}

	@Test
	void revocationOnOneNodeRefusesAtOnceOnThatNode() {
		this.nodeA.revokeUser("alice", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		assertThat(this.nodeA.find("alice", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(this.nodeA.find("alice", this.login.plusMillis(1))).isEmpty();
	}

	@Test
	void revocationOnOneNodeReachesTheOtherNode() {
		this.nodeA.revokeUser("alice", new Revocation(this.login.plusMillis(1), LogoutReason.DISABLED));
		await().atMost(PROPAGATION)
			.untilAsserted(() -> assertThat(this.nodeB.find("alice", this.login)).map(Revocation::reason)
				.contains(LogoutReason.DISABLED));
		assertThat(this.nodeB.find("bob", this.login)).isEmpty();
	}

	@Test
	void revocationOfSessionsThatAuthenticatedLongAgoReachesTheOtherNode() {
		// as when a user ends their other sessions: not before their own, hours old, login
		Instant longAgo = this.login.minus(Duration.ofMinutes(30));
		this.nodeA.revokeUser("alice", new Revocation(longAgo, LogoutReason.FORCED));
		await().atMost(PROPAGATION)
			.untilAsserted(() -> assertThat(this.nodeB.find("alice", longAgo.minusMillis(1))).isPresent());
		assertThat(this.nodeB.find("alice", longAgo)).isEmpty();
	}

	@Test
	void revocationOfEveryoneReachesTheOtherNode() {
		this.nodeA.revokeEveryone(new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		await().atMost(PROPAGATION).untilAsserted(() -> assertThat(this.nodeB.find("carol", this.login)).isPresent());
	}

	@Test
	void aNodeStartedLaterLoadsEarlierRevocations() {
		this.nodeA.revokeUser("alice", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		RevocationRegistry late = newNode();
		assertThat(late.find("alice", this.login)).isPresent();
		assertThat(late.find("alice", this.login.plusSeconds(1))).isEmpty();
	}

	@Test
	void anEarlierRevocationFromAnotherNodeNeverReplacesALaterOne() {
		this.nodeA.revokeUser("alice", new Revocation(this.login.plusSeconds(60), LogoutReason.FORCED));
		this.nodeB.revokeUser("alice", new Revocation(this.login, LogoutReason.CREDENTIALS_CHANGED));
		RevocationRegistry late = newNode();
		assertThat(late.find("alice", this.login.plusSeconds(30))).map(Revocation::reason)
			.contains(LogoutReason.FORCED);
	}

	@Test
	void revocationThatKeepsOneLoginReachesTheOtherNodeAndNodesStartedLaterWithIt() {
		// as when a user logs out their other devices: everything before now but their own session
		Instant current = this.login.minusSeconds(30);
		this.nodeA.revokeUser("alice", new Revocation(this.login, LogoutReason.ENDED_BY_USER, current));
		await().atMost(PROPAGATION)
			.untilAsserted(() -> assertThat(this.nodeB.find("alice", current.plusMillis(1))).isPresent());
		assertThat(this.nodeB.find("alice", current)).isEmpty();
		RevocationRegistry late = newNode();
		assertThat(late.find("alice", current)).isEmpty();
		assertThat(late.find("alice", current.minusMillis(1))).map(Revocation::reason)
			.contains(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void laterRevocationFromAnotherNodeKeepsNoLoginThatAnEarlierOneRefuses() {
		// an administrator forces the user out as one of their sessions logs out the others
		Instant current = this.login.minusSeconds(30);
		this.nodeA.revokeUser("alice", new Revocation(this.login, LogoutReason.FORCED));
		this.nodeB.revokeUser("alice", new Revocation(this.login.plusSeconds(1), LogoutReason.ENDED_BY_USER, current));
		assertThat(newNode().find("alice", current)).isPresent();
		await().atMost(PROPAGATION).untilAsserted(() -> assertThat(this.nodeA.find("alice", current)).isPresent());
	}

	@Test
	void earlierRevocationFromAnotherNodeTakesTheKeptLoginFromALaterOne() {
		Instant current = this.login.minusSeconds(30);
		this.nodeA.revokeUser("alice", new Revocation(this.login.plusSeconds(1), LogoutReason.ENDED_BY_USER, current));
		this.nodeB.revokeUser("alice", new Revocation(this.login, LogoutReason.FORCED));
		assertThat(newNode().find("alice", current)).isPresent();
		await().atMost(PROPAGATION).untilAsserted(() -> assertThat(this.nodeA.find("alice", current)).isPresent());
		assertThat(this.nodeA.find("alice", this.login)).map(Revocation::reason).contains(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void oddUsernamesAreKeptApart() {
		List<String> odd = List.of("e\nu:*% :名字", "' OR 1=1 --", "u:alice");
		odd.forEach((name) -> this.nodeA.revokeUser(name, new Revocation(this.login.plusMillis(1), LogoutReason.FORCED)));
		await().atMost(PROPAGATION)
			.untilAsserted(() -> odd.forEach((name) -> assertThat(this.nodeB.find(name, this.login)).isPresent()));
		for (String other : List.of("alice", "e", "*", "u", "someone")) {
			assertThat(this.nodeB.find(other, this.login)).isEmpty();
		}
	}

	@Test
	void endedSessionIsFoundByIdOnEveryNode() {
		this.nodeA.revokeSession("session-1", LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-1")).contains(LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-2")).isEmpty();
	}

	@Test
	void sessionsEndedTogetherAreFoundByIdOnEveryNode() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			ids.add("batch-" + i);
		}
		this.nodeA.revokeSessions(ids, LogoutReason.DISABLED);
		this.nodeA.revokeSessions(List.of(), LogoutReason.FORCED);
		assertThat(ids).allSatisfy((id) -> assertThat(this.nodeB.findSession(id)).contains(LogoutReason.DISABLED));
		assertThat(this.nodeB.findSession("batch-250")).isEmpty();
	}

	@Test
	void sessionsEndedTogetherMayIncludeOneEndedBefore() {
		this.nodeA.revokeSession("ended-before", LogoutReason.IDLE);
		assertThat(this.nodeB.revokeSessions(List.of("new-1", "ended-before", "new-2"), LogoutReason.FORCED))
			.containsExactlyInAnyOrder("new-1", "new-2");
		assertThat(this.nodeA.findSession("new-1")).contains(LogoutReason.FORCED);
		assertThat(this.nodeA.findSession("new-2")).contains(LogoutReason.FORCED);
		assertThat(this.nodeA.findSession("ended-before")).contains(LogoutReason.IDLE);
	}

	@Test
	void onlyTheFirstNodeToEndASessionRecordsItsEnd() {
		assertThat(this.nodeA.revokeSession("session-1", LogoutReason.IDLE)).isTrue();
		assertThat(this.nodeB.revokeSession("session-1", LogoutReason.FORCED)).isFalse();
		assertThat(this.nodeA.revokeSession("session-1", LogoutReason.ABSOLUTE)).isFalse();
		assertThat(this.nodeB.revokeSessions(List.of("session-1"), LogoutReason.FORCED)).isEmpty();
		assertThat(this.nodeB.findSession("session-1")).contains(LogoutReason.IDLE);
	}

	@Test
	void eachSessionEndedOnSeveralNodesAtOnceIsRecordedByExactlyOne() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add("raced-" + i);
		}
		List<String> recorded = Collections.synchronizedList(new ArrayList<>());
		RevocationRegistry nodeC = newNode();
		Concurrently.run(() -> recorded.addAll(this.nodeA.revokeSessions(ids, LogoutReason.FORCED)),
				() -> ids.stream().filter((id) -> this.nodeB.revokeSession(id, LogoutReason.IDLE)).forEach(recorded::add),
				() -> ids.stream().filter((id) -> nodeC.revokeSession(id, LogoutReason.ABSOLUTE)).forEach(recorded::add));
		assertThat(recorded).hasSize(ids.size()).doesNotHaveDuplicates();
	}

}

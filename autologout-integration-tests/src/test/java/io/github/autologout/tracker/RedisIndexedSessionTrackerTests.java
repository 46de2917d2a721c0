package io.github.autologout.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.redis.RedisIndexedSessionTracker;
import io.github.autologout.redis.RedisPrincipalSessionIds;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.session.FailingPrincipalSessionIds;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.PerUserTrackerContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisIndexedSessionTracker} on a real Redis server, with the sessions of a
 * real {@link RedisIndexedSessionRepository}; each node has its own connection.
 */
class RedisIndexedSessionTrackerTests extends PerUserTrackerContractTests {

	private final String namespace = "tracker-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private RedisIndexedSessionRepository repository;

	@BeforeEach
	void createRepository() {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		template.setConnectionFactory(connection());
		template.afterPropertiesSet();
		this.repository = new RedisIndexedSessionRepository(template);
		this.repository.setRedisKeyNamespace(this.namespace + ":sessions");
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		return connectionFactory;
	}

	@Override
	protected SessionTracker newNode() {
		return newNodeFailingToReadSessionsWhile(() -> false);
	}

	@Override
	protected SessionTracker newNodeFailingToReadSessionsWhile(BooleanSupplier failing) {
		return new RedisIndexedSessionTracker(connection(), this.namespace,
				FailingPrincipalSessionIds.failingWhile(new RedisPrincipalSessionIds(this.repository), failing));
	}

	@Override
	protected String session(String username) {
		return AuthenticatedSessions.save(this.repository, username);
	}

	@Override
	protected void endSession(String sessionId) {
		this.repository.deleteById(sessionId);
	}

	/**
	 * Spring Session's clean-up of an expired session reads it first, and so leaves the id of one
	 * that it cannot read in the principal index once its keys are gone; one whose keys are there
	 * may be live on a node that can read it.
	 */
	@Test
	void forgettingClaimedSessionsRemovesFromThePrincipalIndexOnlyThoseWhoseKeysAreGone() {
		SessionTracker tracker = newNode();
		String kept = tracked(tracker, "alice", this.now.plusSeconds(60));
		String gone = session("alice");
		RedisOperations<String, Object> redis = this.repository.getSessionRedisOperations();
		assertThat(redis.delete(redis.keys("*sessions:" + gone))).isOne();

		tracker.forget("alice", List.of(kept, gone));

		assertThat(tracker.sessionIds("alice")).containsExactly(kept);
	}

	/**
	 * A last-seen instant far in the future, or a score of {@code -inf}, which only another client
	 * can have written, must neither put the user out of the claims' reach nor fail a claim.
	 */
	@Test
	void aLastSeenInstantFarInTheFutureGivesNoGraceAndTheClaimsLeaseStillLapses() {
		SessionTracker tracker = newNode();
		String id = tracked(tracker, "alice", this.now.minusSeconds(5));
		StringRedisTemplate redis = new StringRedisTemplate(connection());
		redis.opsForHash().put(this.namespace + ":tracker:last-seen", "alice", "1e300");
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(id);

		assertThat(tracker.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), 10))
			.extracting(TrackedSession::sessionId).as("due again once the lease lapses").containsExactly(id);
	}

	@Test
	void aLastSeenKeyOfAnotherTypeOrAScoreOfMinusInfinityFailsNoClaim() {
		SessionTracker tracker = newNode();
		String id = tracked(tracker, "alice", this.now.minusSeconds(5));
		StringRedisTemplate redis = new StringRedisTemplate(connection());
		redis.opsForValue().set(this.namespace + ":tracker:last-seen", "a string");
		redis.opsForZSet().add(this.namespace + ":tracked:users", "alice", Double.NEGATIVE_INFINITY);

		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(id);
		assertThat(tracker.lastSeen("alice")).isEmpty();
		tracker.seen("alice", this.now);
		assertThat(tracker.lastSeen("alice")).contains(this.now);
	}

	/**
	 * An entry of Spring Session's principal index that its serializer cannot read, as one written
	 * before the application changed serializers, must not fail every expiry pass that claims the
	 * user, and so the claims of every other user.
	 */
	@Test
	void aUsersPrincipalIndexThatCannotBeReadListsNoSessionAndFailsNoClaim() {
		SessionTracker tracker = newNode();
		String alice = tracked(tracker, "alice", this.now.minusSeconds(5));
		tracked(tracker, "bob", this.now.minusSeconds(10));
		new StringRedisTemplate(connection()).opsForSet()
			.add(this.namespace + ":sessions:index:" + FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME + ":bob",
					"not what the repository's serializer wrote");

		assertThat(tracker.sessionIds("bob")).isEmpty();
		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(alice);
	}

	@AfterEach
	void closeConnections() {
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

}

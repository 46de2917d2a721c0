package io.github.autologout.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.github.autologout.core.SessionTracker;
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
import org.springframework.data.redis.serializer.RedisSerializer;
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

	@AfterEach
	void closeConnections() {
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

}

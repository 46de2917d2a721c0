package io.github.autologout.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.PerSessionTrackerContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisSessionTracker} on a real Redis server; each node has its own connection.
 */
class RedisSessionTrackerTests extends PerSessionTrackerContractTests {

	private static final Instant SINCE_2025 = Instant.parse("2025-01-01T00:00:00Z");

	private final String namespace = "tracker-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	@Override
	protected SessionTracker newNode() {
		return new RedisSessionTracker(connection(), this.namespace);
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		return connectionFactory;
	}

	@AfterEach
	void closeConnections() {
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void aCheckInstantWithinAQuarterSecondIsDueAtTheQuarterAfterIt() {
		SessionTracker tracker = newNode();
		String id = tracked(tracker, "alice", this.now.plusMillis(1600));
		assertThat(tracker.claimDue(this.now.plusMillis(1749), 10)).isEmpty();
		assertThat(tracker.claimDue(this.now.plusMillis(1750), 10))
			.containsExactly(new TrackedSession(id, "alice", this.now.plusMillis(1750)));
	}

	@Test
	void aClaimsLeaseLapsesWithinAQuarterSecondBeforeItsEnd() {
		SessionTracker tracker = newNode();
		String id = tracked(tracker, "alice", this.now.minusSeconds(5));
		assertThat(tracker.claimDue(this.now.plusMillis(600), 10)).extracting(TrackedSession::sessionId)
			.containsExactly(id);
		Instant leaseEnd = this.now.plusMillis(600).plus(SessionTracker.CLAIM_LEASE);
		assertThat(tracker.claimDue(leaseEnd.minusMillis(101), 10)).isEmpty();
		assertThat(tracker.claimDue(leaseEnd.minusMillis(100), 10)).extracting(TrackedSession::sessionId)
			.containsExactly(id);
	}

	@Test
	void aUsersHashHoldsEachSessionAsItsUuidsBytesAndItsCheckInQuarterSecondsSince2025AndWhenTheUserWasLastSeen() {
		SessionTracker tracker = newNode();
		tracker.seen("alice", this.now.minusMillis(250));
		String id = tracked(tracker, "alice", this.now.plusSeconds(60));
		try (RedisConnection redis = connection().getConnection()) {
			Map<byte[], byte[]> hash = redis.hashCommands().hGetAll((this.namespace + ":u:alice").getBytes());
			assertThat(hash).hasSize(2);
			hash.forEach((field, value) -> {
				if (field.length == 0) {
					assertThat(new String(value)).isEqualTo(Long.toString(this.now.minusMillis(250).toEpochMilli()));
				}
				else {
					assertThat(field).hasSize(16);
					assertThat(new String(value)).isEqualTo(Long.toString(
							Duration.between(SINCE_2025, this.now.plusSeconds(60)).toMillis() / 250));
				}
			});
		}
		assertThat(tracker.sessionIds("alice")).containsExactly(id);
	}

}

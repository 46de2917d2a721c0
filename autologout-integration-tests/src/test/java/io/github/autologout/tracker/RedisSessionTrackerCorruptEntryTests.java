package io.github.autologout.tracker;

import java.time.Instant;
import java.util.UUID;

import io.github.autologout.core.TrackedSession;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corrupt entry of one user in {@link RedisSessionTracker}'s hashes, on a real Redis server.
 */
class RedisSessionTrackerCorruptEntryTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private final String namespace = "tracker-" + UUID.randomUUID();

	private final LettuceConnectionFactory connectionFactory = connect();

	private static LettuceConnectionFactory connect() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@AfterEach
	void close() {
		this.connectionFactory.destroy();
	}

	@Test
	void aCheckInstantThatIsNoNumberInOneUsersHashDoesNotStopTheClaimsOfEveryOtherUser() {
		RedisSessionTracker tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		tracker.track(new TrackedSession("s1", "alice", NOW.minusSeconds(1)));
		tracker.track(new TrackedSession("s9", "mallory", NOW.minusSeconds(60)));
		// one field that is no number, as a partial write, a restore or another client can leave
		new StringRedisTemplate(this.connectionFactory).opsForHash()
			.put(this.namespace + ":u:mallory", "s9", "garbage");

		assertThat(tracker.claimDue(NOW, 500)).extracting(TrackedSession::sessionId).contains("s1", "s9");
	}

	@Test
	void aLastSeenInstantThatIsNoNumberIsReadAsNeverAndReplacedByTheNextSighting() {
		RedisSessionTracker tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		new StringRedisTemplate(this.connectionFactory).opsForHash()
			.put(this.namespace + ":u:mallory", "", "garbage");

		assertThat(tracker.lastSeen("mallory")).isEmpty();
		tracker.seen("mallory", NOW);
		assertThat(tracker.lastSeen("mallory")).contains(NOW);
	}

}

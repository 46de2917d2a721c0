package io.github.autologout.tracker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	/**
	 * Values that Lua reads as numbers but that are no whole number are as corrupt as text: read
	 * as due now, so that the claim replaces them, rather than failing the claim once it has
	 * leased its sessions.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "garbage", "1.5", " 1e1", "0x10", "", "99999999999999999999", "-99999999999999999999" })
	void aCheckInstantThatIsNoWholeNumberInOneUsersHashDoesNotStopTheClaimsOfEveryOtherUser(String value) {
		RedisSessionTracker tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		tracker.track(new TrackedSession("s1", "alice", NOW.minusSeconds(1)));
		tracker.track(new TrackedSession("s9", "mallory", NOW.minusSeconds(60)));
		// a field that is no whole number, as a partial write, a restore or another client can leave
		new StringRedisTemplate(this.connectionFactory).opsForHash()
			.put(this.namespace + ":u:mallory", "s9", value);

		assertThat(tracker.claimDue(NOW, 500)).extracting(TrackedSession::sessionId).contains("s1", "s9");
		assertThat(tracker.claimDue(NOW.plus(SessionTracker.CLAIM_LEASE), 500)).extracting(TrackedSession::sessionId)
			.as("leased again, with a whole number").contains("s1", "s9");
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "1.5", "1e300", "99999999999999999999" })
	void aLastSeenInstantThatIsNoWholeNumberOfAtMost15DigitsIsReplacedByTheNextSighting(String value) {
		RedisSessionTracker tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		new StringRedisTemplate(this.connectionFactory).opsForHash().put(this.namespace + ":u:mallory", "", value);

		assertThat(tracker.lastSeen("mallory")).isEmpty();
		tracker.seen("mallory", NOW);
		assertThat(tracker.lastSeen("mallory")).contains(NOW);
	}

	@Test
	void aUsersKeyOfAnotherTypeHoldsNoSessionStopsNoClaimAndIsReplacedByTheUsersNextLogin() {
		RedisSessionTracker tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		tracker.track(new TrackedSession("s9", "mallory", NOW.minusSeconds(60)));
		tracker.track(new TrackedSession("s1", "alice", NOW.minusSeconds(1)));
		redis.delete(this.namespace + ":u:mallory");
		redis.opsForValue().set(this.namespace + ":u:mallory", "a string");

		assertThat(tracker.sessionIds("mallory")).isEmpty();
		assertThat(tracker.lastSeen("mallory")).isEmpty();
		assertThat(tracker.claimDue(NOW, 500)).extracting(TrackedSession::sessionId).containsExactly("s1");
		assertThat(tracker.usernames()).containsExactly("alice");
		tracker.untrack("mallory", List.of("s9"));

		tracker.seen("mallory", NOW);
		tracker.track(new TrackedSession("s10", "mallory", NOW.plusSeconds(60)));
		assertThat(tracker.sessionIds("mallory")).containsExactly("s10");
		assertThat(tracker.lastSeen("mallory")).contains(NOW);
	}

}

package io.github.autologout.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.autologout.core.SessionTracker;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What autologout's two Redis session trackers keep alike: one sorted set of the tracked users
 * by their earliest check instant, and one hash of when each user was last seen, in epoch
 * milliseconds.
 */
abstract class AbstractRedisSessionTracker implements SessionTracker {

	private static final RedisScript<Long> SEEN = RedisScript.of("""
			local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
			if current and current >= tonumber(ARGV[2]) then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			return 1
			""", Long.class);

	final StringRedisTemplate redis;

	final String usersKey;

	final String lastSeenKey;

	AbstractRedisSessionTracker(RedisConnectionFactory connectionFactory, String namespace) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.usersKey = namespace + ":tracked:users";
		this.lastSeenKey = namespace + ":tracker:last-seen";
	}

	@Override
	public Set<String> usernames() {
		Set<String> names = this.redis.opsForZSet().range(this.usersKey, 0, -1);
		return (names != null) ? Set.copyOf(names) : Set.of();
	}

	@Override
	public void seen(String username, Instant instant) {
		this.redis.execute(SEEN, List.of(this.lastSeenKey), username, Long.toString(instant.toEpochMilli()));
	}

	/**
	 * When the user was last seen; a value that is no number, which only another client can have
	 * written, reads as never, as the next {@link #seen} replaces it.
	 */
	@Override
	public Optional<Instant> lastSeen(String username) {
		Object millis = this.redis.opsForHash().get(this.lastSeenKey, username);
		if (millis == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis.toString())));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}

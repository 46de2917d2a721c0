package io.github.autologout.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * When each user was last seen, in one Redis hash of user to epoch milliseconds: the part that
 * both of autologout's Redis session trackers keep alike.
 */
final class RedisLastSeen {

	private static final RedisScript<Long> SEEN = RedisScript.of("""
			local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
			if current and current >= tonumber(ARGV[2]) then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String key;

	RedisLastSeen(StringRedisTemplate redis, String namespace) {
		this.redis = redis;
		this.key = namespace + ":tracker:last-seen";
	}

	/** The hash's key, for scripts that read it. */
	String key() {
		return this.key;
	}

	void seen(String username, Instant instant) {
		this.redis.execute(SEEN, List.of(this.key), username, Long.toString(instant.toEpochMilli()));
	}

	Optional<Instant> lastSeen(String username) {
		Object millis = this.redis.opsForHash().get(this.key, username);
		return Optional.ofNullable(millis).map((value) -> Instant.ofEpochMilli(Long.parseLong(value.toString())));
	}

}

package io.github.autologout.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.github.autologout.core.SessionTracker;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What autologout's two Redis session trackers keep alike: one sorted set of the tracked users
 * by their earliest check instant, and when each user was last seen, in epoch milliseconds, in a
 * field of a hash that each tracker chooses.
 */
abstract class AbstractRedisSessionTracker implements SessionTracker {

	/**
	 * Records the later instant; a key of another type than a hash, or a value that is no whole
	 * number of at most 15 digits, which only another client can have written, is replaced.
	 */
	private static final RedisScript<Long> SEEN = RedisScript.of("""
			local kind = redis.call('TYPE', KEYS[1]).ok
			if kind ~= 'hash' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
			local current = redis.call('HGET', KEYS[1], ARGV[1])
			if current and #current <= 15 and string.match(current, '^%d+$')
			    and tonumber(current) >= tonumber(ARGV[2]) then
			  return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			return 1
			""", Long.class);

	final StringRedisTemplate redis;

	final String usersKey;

	AbstractRedisSessionTracker(RedisConnectionFactory connectionFactory, String usersKey) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.usersKey = usersKey;
	}

	/**
	 * The key of the hash that holds when the user was last seen.
	 * @param username the user's name
	 * @return the key
	 */
	abstract String lastSeenKey(String username);

	/**
	 * The field of that hash that holds when the user was last seen.
	 * @param username the user's name
	 * @return the field
	 */
	abstract String lastSeenField(String username);

	/**
	 * Reads from Redis, or gives the fallback where the key holds another type than the read
	 * expects, which only another client can have written, and the tracker's next write replaces.
	 * @param read the read
	 * @param fallback what a key of another type reads as
	 * @return what was read, or the fallback
	 */
	static <T> T unlessWrongType(Supplier<T> read, T fallback) {
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			if (RedisSessionKeys.isWrongType(ex)) {
				return fallback;
			}
			throw ex;
		}
	}

	@Override
	public Set<String> usernames() {
		Set<String> names = this.redis.opsForZSet().range(this.usersKey, 0, -1);
		return (names != null) ? Set.copyOf(names) : Set.of();
	}

	@Override
	public void seen(String username, Instant instant) {
		this.redis.execute(SEEN, List.of(lastSeenKey(username)), lastSeenField(username),
				Long.toString(instant.toEpochMilli()));
	}

	/**
	 * When the user was last seen; a value that is no number, or a key of another type than a
	 * hash, which only another client can have written, reads as never, as the next {@link #seen}
	 * replaces it.
	 */
	@Override
	public Optional<Instant> lastSeen(String username) {
		Object millis = unlessWrongType(
				() -> this.redis.opsForHash().get(lastSeenKey(username), lastSeenField(username)), null);
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

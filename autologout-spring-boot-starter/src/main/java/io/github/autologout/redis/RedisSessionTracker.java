package io.github.autologout.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SessionTracker} in Redis, shared by every node.
 * <p>
 * A sorted set orders the sessions by check instant, a hash maps each session to its user, a small
 * hash per user holds that user's sessions (a hash rather than a set because Redis keeps small
 * hashes compact, as a listpack, in every version), and a hash holds when each user was last seen.
 * Each change runs as one script, so a due session is claimed by exactly one node.
 */
public final class RedisSessionTracker implements SessionTracker {

	private static final RedisScript<Long> TRACK = RedisScript.of("""
			local old = redis.call('HGET', KEYS[2], ARGV[1])
			if old then redis.call('HDEL', ARGV[4] .. old, ARGV[1]) end
			redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
			redis.call('HSET', ARGV[4] .. ARGV[2], ARGV[1], '')
			return 1
			""", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
			local claimed = {}
			for i = 1, #ids, 2 do
			  local id = ids[i]
			  if redis.call('ZREM', KEYS[1], id) == 1 then
			    local user = redis.call('HGET', KEYS[2], id)
			    redis.call('HDEL', KEYS[2], id)
			    if user then redis.call('HDEL', ARGV[3] .. user, id) else user = '' end
			    table.insert(claimed, id)
			    table.insert(claimed, user)
			    table.insert(claimed, ids[i + 1])
			  end
			end
			return claimed
			""", List.class);

	private static final RedisScript<Long> UNTRACK = RedisScript.of("""
			local removed = 0
			for i = 2, #ARGV do
			  removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
			  local user = redis.call('HGET', KEYS[2], ARGV[i])
			  if user then
			    redis.call('HDEL', KEYS[2], ARGV[i])
			    redis.call('HDEL', ARGV[1] .. user, ARGV[i])
			  end
			end
			return removed
			""", Long.class);

	private static final RedisScript<Long> SEEN = RedisScript.of("""
			local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
			if current and current >= tonumber(ARGV[2]) then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String scheduleKey;

	private final String ownersKey;

	private final String userKeyPrefix;

	private final String lastSeenKey;

	/**
	 * Creates a tracker.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key, such as {@code autologout}
	 */
	public RedisSessionTracker(RedisConnectionFactory connectionFactory, String namespace) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.scheduleKey = namespace + ":tracker:schedule";
		this.ownersKey = namespace + ":tracker:owners";
		this.userKeyPrefix = namespace + ":tracker:u:";
		this.lastSeenKey = namespace + ":tracker:last-seen";
	}

	@Override
	public void track(TrackedSession session) {
		this.redis.execute(TRACK, List.of(this.scheduleKey, this.ownersKey), session.sessionId(), session.username(),
				Long.toString(session.checkAt().toEpochMilli()), this.userKeyPrefix);
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		List<?> claimed = this.redis.execute(CLAIM, List.of(this.scheduleKey, this.ownersKey),
				Long.toString(now.toEpochMilli()), Integer.toString(limit), this.userKeyPrefix);
		List<TrackedSession> sessions = new ArrayList<>();
		if (claimed != null) {
			for (int i = 0; i + 2 < claimed.size(); i += 3) {
				long millis = (long) Double.parseDouble(claimed.get(i + 2).toString());
				sessions.add(new TrackedSession(claimed.get(i).toString(), claimed.get(i + 1).toString(),
						Instant.ofEpochMilli(millis)));
			}
		}
		return sessions;
	}

	@Override
	public boolean untrack(String sessionId) {
		return untrack(List.of(sessionId)) == 1;
	}

	/**
	 * Stops tracking the sessions with one script: one round trip for all.
	 */
	@Override
	public int untrack(Collection<String> sessionIds) {
		if (sessionIds.isEmpty()) {
			return 0;
		}
		Object[] args = new Object[sessionIds.size() + 1];
		args[0] = this.userKeyPrefix;
		int i = 1;
		for (String sessionId : sessionIds) {
			args[i++] = sessionId;
		}
		Long removed = this.redis.execute(UNTRACK, List.of(this.scheduleKey, this.ownersKey), args);
		return (removed != null) ? removed.intValue() : 0;
	}

	@Override
	public Set<String> sessionIds(String username) {
		Set<String> ids = this.redis.<String, String>opsForHash().keys(this.userKeyPrefix + username);
		return Set.copyOf(ids);
	}

	@Override
	public Set<String> usernames() {
		Set<String> names = new HashSet<>();
		this.redis.opsForHash().values(this.ownersKey).forEach((name) -> names.add(name.toString()));
		return names;
	}

	@Override
	public void seen(String username, Instant instant) {
		this.redis.execute(SEEN, List.of(this.lastSeenKey), username, Long.toString(instant.toEpochMilli()));
	}

	@Override
	public Optional<Instant> lastSeen(String username) {
		Object millis = this.redis.opsForHash().get(this.lastSeenKey, username);
		return Optional.ofNullable(millis).map((value) -> Instant.ofEpochMilli(Long.parseLong(value.toString())));
	}

}

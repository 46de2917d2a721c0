package io.github.autologout.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SessionTracker} in Redis, shared by every node, for Spring Session's default Redis
 * repository, which cannot list a user's sessions: the tracker keeps them itself.
 * <p>
 * A small hash per user maps each of the user's sessions to its check instant (Redis keeps small
 * hashes compact, as a listpack), one sorted set orders the users by their earliest check instant
 * (or an earlier one: tracking only lowers a user's score, and a claim that finds nothing due
 * raises it), and a hash holds when each user was last seen. Each change runs as one script, so a
 * due session is claimed by exactly one node, which leases it by moving its check instant to the
 * end of the lease.
 */
public final class RedisSessionTracker extends AbstractRedisSessionTracker {

	private static final RedisScript<Long> TRACK = RedisScript.of("""
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
			redis.call('ZADD', KEYS[1], 'LT', ARGV[2], ARGV[3])
			return 1
			""", Long.class);

	/**
	 * Takes the user with the lowest score: every session of that user checked at or before the
	 * next user's score (and now) is due before any other, so it is claimed, its check moved to
	 * the end of its lease; then the user is scored with their earliest check, or removed if none
	 * is left, and the next user is taken.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local now = tonumber(ARGV[1])
			local limit = tonumber(ARGV[2])
			local lease = tonumber(ARGV[4])
			local claimed = {}
			local count = 0
			while count < limit do
			  local top = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, 2)
			  if #top == 0 then break end
			  local user = top[1]
			  local bound = now
			  if #top == 4 and tonumber(top[4]) < bound then bound = tonumber(top[4]) end
			  local key = ARGV[3] .. user
			  local fields = redis.call('HGETALL', key)
			  local due = {}
			  local rest, restText = nil, nil
			  for i = 1, #fields, 2 do
			    local text = fields[i + 1]
			    local at = tonumber(text)
			    -- no number (another client's): due now, so that the claim replaces it
			    if at == nil then at, text = 0, '0' end
			    if at <= bound then
			      table.insert(due, { fields[i], at, text })
			    elseif rest == nil or at < rest then
			      rest, restText = at, text
			    end
			  end
			  table.sort(due, function(a, b)
			    if a[2] ~= b[2] then return a[2] < b[2] end
			    return a[1] < b[1]
			  end)
			  for i = 1, #due do
			    if count < limit then
			      redis.call('HSET', key, due[i][1], ARGV[4])
			      if rest == nil or lease < rest then rest, restText = lease, ARGV[4] end
			      table.insert(claimed, due[i][1])
			      table.insert(claimed, user)
			      table.insert(claimed, due[i][3])
			      count = count + 1
			    elseif rest == nil or due[i][2] < rest then
			      rest, restText = due[i][2], due[i][3]
			    end
			  end
			  if rest == nil then
			    redis.call('ZREM', KEYS[1], user)
			  else
			    redis.call('ZADD', KEYS[1], restText, user)
			  end
			end
			return claimed
			""", List.class);

	private static final RedisScript<Long> UNTRACK = RedisScript.of("""
			local removed = 0
			for i = 2, #ARGV do
			  removed = removed + redis.call('HDEL', KEYS[2], ARGV[i])
			end
			if redis.call('EXISTS', KEYS[2]) == 0 then
			  redis.call('ZREM', KEYS[1], ARGV[1])
			end
			return removed
			""", Long.class);

	private final String userKeyPrefix;

	/**
	 * Creates a tracker.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key, such as {@code autologout}
	 */
	public RedisSessionTracker(RedisConnectionFactory connectionFactory, String namespace) {
		super(connectionFactory, namespace);
		this.userKeyPrefix = namespace + ":tracked:u:";
	}

	@Override
	public void track(TrackedSession session) {
		this.redis.execute(TRACK, List.of(this.usersKey, this.userKeyPrefix + session.username()),
				session.sessionId(), Long.toString(session.checkAt().toEpochMilli()), session.username());
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		List<?> claimed = this.redis.execute(CLAIM, List.of(this.usersKey), Long.toString(now.toEpochMilli()),
				Integer.toString(limit), this.userKeyPrefix,
				Long.toString(now.plus(SessionTracker.CLAIM_LEASE).toEpochMilli()));
		List<TrackedSession> sessions = new ArrayList<>();
		if (claimed != null) {
			for (int i = 0; i + 2 < claimed.size(); i += 3) {
				sessions.add(new TrackedSession(claimed.get(i).toString(), claimed.get(i + 1).toString(),
						Instant.ofEpochMilli(Long.parseLong(claimed.get(i + 2).toString()))));
			}
		}
		return sessions;
	}

	/**
	 * Stops tracking the sessions with one script: one round trip for all.
	 */
	@Override
	public void untrack(String username, Collection<String> sessionIds) {
		if (sessionIds.isEmpty()) {
			return;
		}
		Object[] args = new Object[sessionIds.size() + 1];
		args[0] = username;
		int i = 1;
		for (String sessionId : sessionIds) {
			args[i++] = sessionId;
		}
		this.redis.execute(UNTRACK, List.of(this.usersKey, this.userKeyPrefix + username), args);
	}

	@Override
	public Set<String> sessionIds(String username) {
		Set<String> ids = this.redis.<String, String>opsForHash().keys(this.userKeyPrefix + username);
		return Set.copyOf(ids);
	}

}

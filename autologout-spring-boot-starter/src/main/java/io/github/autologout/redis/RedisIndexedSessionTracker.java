package io.github.autologout.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.session.PrincipalSessionIds;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SessionTracker} in Redis, shared by every node, for Spring Session's indexed Redis
 * repository, whose principal index lists each user's sessions: the tracker keeps one check
 * instant per user and nothing per session.
 * <p>
 * One sorted set orders the users by the earliest check instant of their sessions (tracking only
 * lowers a user's score), and a hash holds when each user was last seen. A claim takes the due
 * users out of the set with one script, so that each is claimed by one node, and returns every
 * session the principal index lists for them. The index lists a session only once the request
 * that authenticated it has saved it, so a user seen in the last 30 seconds (a login is seen
 * before its session is tracked) stays due again 30 seconds after that, for a session still being
 * saved during the claim.
 */
public final class RedisIndexedSessionTracker extends AbstractRedisSessionTracker {

	private static final Duration LOGIN_GRACE = Duration.ofSeconds(30);

	private static final RedisScript<Long> TRACK = RedisScript
		.of("return redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])", Long.class);

	private static final RedisScript<Long> DUE_NOW = RedisScript
		.of("return redis.call('ZADD', KEYS[1], 'XX', 'LT', 0, ARGV[1])", Long.class);

	/**
	 * Takes the due users, earliest first, and removes each from the set, or scores it again after
	 * the grace if it was seen within the grace.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
			local grace = tonumber(ARGV[3])
			for i = 1, #due, 2 do
			  local seen = tonumber(redis.call('HGET', KEYS[2], due[i]))
			  if seen and seen + grace > tonumber(ARGV[1]) then
			    redis.call('ZADD', KEYS[1], seen + grace, due[i])
			  else
			    redis.call('ZREM', KEYS[1], due[i])
			  end
			end
			return due
			""", List.class);

	private final PrincipalSessionIds principalSessionIds;

	/**
	 * Creates a tracker.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key, such as {@code autologout}
	 * @param principalSessionIds the reader of the repository's principal index
	 */
	public RedisIndexedSessionTracker(RedisConnectionFactory connectionFactory, String namespace,
			PrincipalSessionIds principalSessionIds) {
		super(connectionFactory, namespace);
		this.principalSessionIds = principalSessionIds;
	}

	@Override
	public void track(TrackedSession session) {
		trackUser(session.username(), session.checkAt());
	}

	private void trackUser(String username, Instant checkAt) {
		this.redis.execute(TRACK, List.of(this.usersKey), Long.toString(checkAt.toEpochMilli()), username);
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		List<TrackedSession> sessions = new ArrayList<>();
		int claimedUsers;
		do {
			List<?> due = this.redis.execute(CLAIM, List.of(this.usersKey, this.lastSeenKey),
					Long.toString(now.toEpochMilli()), Integer.toString(limit),
					Long.toString(LOGIN_GRACE.toMillis()));
			claimedUsers = (due != null) ? due.size() / 2 : 0;
			Map<String, Instant> claimed = new LinkedHashMap<>();
			for (int i = 0; i < claimedUsers * 2; i += 2) {
				claimed.put(due.get(i).toString(),
						Instant.ofEpochMilli((long) Double.parseDouble(due.get(i + 1).toString())));
			}
			sessions.addAll(this.principalSessionIds.sessionsOf(claimed, this::trackUser));
		}
		// users left without sessions return none: claim on until some do or none is due
		while (sessions.isEmpty() && claimedUsers == limit);
		return sessions;
	}

	/**
	 * Makes the user due now, if tracked: the next claim finds which of the user's sessions are
	 * left.
	 */
	@Override
	public void untrack(String username, Collection<String> sessionIds) {
		if (!sessionIds.isEmpty()) {
			this.redis.execute(DUE_NOW, List.of(this.usersKey), username);
		}
	}

	@Override
	public Set<String> sessionIds(String username) {
		return Set.copyOf(this.principalSessionIds.find(username));
	}

}

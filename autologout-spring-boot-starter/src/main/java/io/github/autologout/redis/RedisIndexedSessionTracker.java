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
 * One sorted set orders the users by the earliest check instant of their sessions (tracking
 * lowers a user's score, or replaces the lease of a claim), and a hash holds when each user was
 * last seen. A claim leases the due users with one script, scoring them at the end of the lease
 * and marking them as leased, so that each is claimed by one node and is due again if that node
 * stops before it tracks them again, and returns every session the principal index lists for
 * them; a leased user none of whose sessions is listed is forgotten. The index lists a session
 * only once the request that authenticated it has saved it, so a user seen in the last 30
 * seconds (a login is seen before its session is tracked) stays due again 30 seconds after that,
 * for a session still being saved during the claim.
 */
public final class RedisIndexedSessionTracker extends AbstractRedisSessionTracker {

	private static final Duration LOGIN_GRACE = Duration.ofSeconds(30);

	/** Lowers the user's score, or replaces it where it is the lease of a claim. */
	private static final RedisScript<Long> TRACK = RedisScript.of("""
			if redis.call('SREM', KEYS[2], ARGV[2]) == 1 then
			  return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
			end
			return redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])
			""", Long.class);

	/** Forgets the users still leased, whom no tracking since their claim has given a new instant. */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			for i = 1, #ARGV do
			  if redis.call('SREM', KEYS[2], ARGV[i]) == 1 then
			    redis.call('ZREM', KEYS[1], ARGV[i])
			  end
			end
			return 1
			""", Long.class);

	/** Makes a tracked user due now, unless leased to a claim, whose caller settles it. */
	private static final RedisScript<Long> DUE_NOW = RedisScript.of("""
			if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
			  return 0
			end
			return redis.call('ZADD', KEYS[1], 'XX', 'LT', 0, ARGV[1])
			""", Long.class);

	/**
	 * Takes the due users, earliest first, and scores each again after the grace if it was seen
	 * within the grace, or else at the end of its lease, which the user's next tracking replaces.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = RedisScript.of("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
			local now = tonumber(ARGV[1])
			local grace = tonumber(ARGV[3])
			local seenKept = redis.call('TYPE', KEYS[2]).ok == 'hash'
			for i = 1, #due, 2 do
			  local seen = nil
			  if seenKept then seen = tonumber(redis.call('HGET', KEYS[2], due[i])) end
			  -- a last-seen instant later than the grace from now is another client's, and gives no grace
			  if seen and seen + grace > now and seen < now + grace then
			    redis.call('ZADD', KEYS[1], seen + grace, due[i])
			    redis.call('SREM', KEYS[3], due[i])
			  else
			    redis.call('ZADD', KEYS[1], ARGV[4], due[i])
			    redis.call('SADD', KEYS[3], due[i])
			  end
			end
			return due
			""", List.class);

	/** The set of users whose score is the lease of a claim. */
	private final String leasedKey;

	/** The hash of when each user was last seen. */
	private final String lastSeenKey;

	private final PrincipalSessionIds principalSessionIds;

	/**
	 * Creates a tracker.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key, such as {@code autologout}
	 * @param principalSessionIds the reader of the repository's principal index
	 */
	public RedisIndexedSessionTracker(RedisConnectionFactory connectionFactory, String namespace,
			PrincipalSessionIds principalSessionIds) {
		super(connectionFactory, namespace + ":tracked:users");
		this.leasedKey = namespace + ":tracked:leased";
		this.lastSeenKey = namespace + ":tracker:last-seen";
		this.principalSessionIds = principalSessionIds;
	}

	@Override
	String lastSeenKey(String username) {
		return this.lastSeenKey;
	}

	@Override
	String lastSeenField(String username) {
		return username;
	}

	@Override
	public void track(TrackedSession session) {
		trackUser(session.username(), session.checkAt());
	}

	private void trackUser(String username, Instant checkAt) {
		this.redis.execute(TRACK, List.of(this.usersKey, this.leasedKey), Long.toString(checkAt.toEpochMilli()),
				username);
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		List<TrackedSession> sessions = new ArrayList<>();
		int claimedUsers;
		do {
			List<?> due = this.redis.execute(CLAIM, List.of(this.usersKey, this.lastSeenKey, this.leasedKey),
					Long.toString(now.toEpochMilli()), Integer.toString(limit), Long.toString(LOGIN_GRACE.toMillis()),
					Long.toString(now.plus(SessionTracker.CLAIM_LEASE).toEpochMilli()));
			claimedUsers = (due != null) ? due.size() / 2 : 0;
			Map<String, Instant> claimed = new LinkedHashMap<>();
			for (int i = 0; i < claimedUsers * 2; i += 2) {
				claimed.put(due.get(i).toString(),
						Instant.ofEpochMilli((long) score(due.get(i + 1).toString())));
			}
			List<TrackedSession> found = this.principalSessionIds.sessionsOf(claimed, this::trackUser);
			release(PrincipalSessionIds.withoutSessions(claimed.keySet(), found));
			sessions.addAll(found);
		}
		// users left without sessions return none: claim on until some do or none is due
		while (sessions.isEmpty() && claimedUsers == limit);
		return sessions;
	}

	/** Reads a score as Redis writes it, {@code -inf} and {@code inf} included, which another client can have set. */
	private static double score(String text) {
		return switch (text) {
			case "-inf" -> Double.NEGATIVE_INFINITY;
			case "inf", "+inf" -> Double.POSITIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	/**
	 * Forgets the users still leased, whom no tracking since their claim has given a new instant.
	 */
	@Override
	public void release(Collection<String> usernames) {
		if (!usernames.isEmpty()) {
			this.redis.execute(RELEASE, List.of(this.usersKey, this.leasedKey), usernames.toArray());
		}
	}

	/**
	 * Removes from the principal index the sessions whose keys are gone, which Spring Session
	 * leaves there for good where it could not read the session to clean it up; the claim's
	 * release settles the user.
	 */
	@Override
	public void forget(String username, Collection<String> sessionIds) {
		this.principalSessionIds.removeGone(username, sessionIds);
	}

	/**
	 * Makes the user due now, if tracked and not leased to a claim: the next claim finds which of
	 * the user's sessions are left.
	 */
	@Override
	public void untrack(String username, Collection<String> sessionIds) {
		if (!sessionIds.isEmpty()) {
			this.redis.execute(DUE_NOW, List.of(this.usersKey, this.leasedKey), username);
		}
	}

	@Override
	public Set<String> sessionIds(String username) {
		return Set.copyOf(this.principalSessionIds.find(username));
	}

}

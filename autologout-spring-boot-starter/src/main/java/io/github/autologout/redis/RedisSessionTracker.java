package io.github.autologout.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A {@link SessionTracker} in Redis, shared by every node, for Spring Session's default Redis
 * repository, which cannot list a user's sessions: the tracker keeps them itself.
 * <p>
 * A small hash per user, {@code <namespace>:u:<username>}, maps each of the user's sessions to
 * its check instant and holds, in its empty field, when the user was last seen. Redis keeps such
 * a hash compact (a listpack) while its fields and values are short, so a session's id is kept in
 * 16 bytes where it is a UUID ({@link CompactSessionId}), and its check instant in quarter
 * seconds since 2025, a number that Redis keeps in 32 bits until 2042: a session is checked
 * within a quarter second after its instant, and a claim's lease lapses within a quarter second
 * before its end. One sorted set, {@code <namespace>:users}, orders the users by their earliest
 * check instant (or an earlier one: tracking only lowers a user's score, and a claim that finds
 * nothing due raises it). Each change runs as one script, so a due session is claimed by exactly
 * one node, which leases it by moving its check instant to the end of the lease.
 * <p>
 * Snapshots before this layout kept the sessions in {@code <namespace>:tracked:u:<username>} and
 * {@code <namespace>:tracked:users}, which this tracker neither reads nor changes.
 */
public final class RedisSessionTracker extends AbstractRedisSessionTracker {

	/** The field of a user's hash that holds when the user was last seen; no session's id is kept empty. */
	private static final String LAST_SEEN_FIELD = "";

	/** The unit of the check instants that the tracker keeps. */
	private static final long TICK_MILLIS = 250;

	/** The instant from which the check instants are counted, in epoch milliseconds. */
	private static final long TICKS_SINCE = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

	/** Tracks a session; a user's key of another type than a hash, which is another client's, is replaced. */
	private static final RedisScript<Long> TRACK = RedisScript.of("""
			local kind = redis.call('TYPE', KEYS[2]).ok
			if kind ~= 'hash' and kind ~= 'none' then redis.call('DEL', KEYS[2]) end
			redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
			redis.call('ZADD', KEYS[1], 'LT', ARGV[2], ARGV[3])
			return 1
			""", Long.class);

	/**
	 * Takes the user with the lowest score: every session of that user checked at or before the
	 * next user's score (and now) is due before any other, so it is claimed, its check moved to
	 * the end of its lease; then the user is scored with their earliest check, or removed if none
	 * is left, and the next user is taken. The user's empty field, when the user was last seen,
	 * is no session, and a user's key of another type than a hash holds none.
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
			  local fields = {}
			  if redis.call('TYPE', key).ok == 'hash' then fields = redis.call('HGETALL', key) end
			  local due = {}
			  local rest, restText = nil, nil
			  for i = 1, #fields, 2 do
			    if fields[i] ~= '' then
			      local text = fields[i + 1]
			      local at = tonumber(text)
			      -- no whole number of at most 15 digits (another client's): due now, so that the claim replaces it
			      if at == nil or #text > 15 or not string.match(text, '^%-?%d+$') then at, text = 0, '0' end
			      if at <= bound then
			        table.insert(due, { fields[i], at, text })
			      elseif rest == nil or at < rest then
			        rest, restText = at, text
			      end
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

	/** Forgets the sessions, and the user once none is left; when the user was last seen stays. */
	private static final RedisScript<Long> UNTRACK = RedisScript.of("""
			if redis.call('TYPE', KEYS[2]).ok ~= 'hash' then
			  redis.call('ZREM', KEYS[1], ARGV[1])
			  return 0
			end
			local removed = 0
			for i = 2, #ARGV do
			  removed = removed + redis.call('HDEL', KEYS[2], ARGV[i])
			end
			local left = redis.call('HLEN', KEYS[2])
			if left == 0 or (left == 1 and redis.call('HEXISTS', KEYS[2], '') == 1) then
			  redis.call('ZREM', KEYS[1], ARGV[1])
			end
			return removed
			""", Long.class);

	/** Reads and writes the users' hashes, whose fields are bytes, not text. */
	private final RedisTemplate<String, byte[]> bytes;

	private final String userKeyPrefix;

	/**
	 * Creates a tracker.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key, such as {@code autologout}
	 */
	public RedisSessionTracker(RedisConnectionFactory connectionFactory, String namespace) {
		super(connectionFactory, namespace + ":users");
		this.userKeyPrefix = namespace + ":u:";
		this.bytes = new RedisTemplate<>();
		this.bytes.setConnectionFactory(connectionFactory);
		this.bytes.setKeySerializer(RedisSerializer.string());
		this.bytes.setValueSerializer(RedisSerializer.byteArray());
		this.bytes.setHashKeySerializer(RedisSerializer.byteArray());
		this.bytes.setHashValueSerializer(RedisSerializer.byteArray());
		this.bytes.afterPropertiesSet();
	}

	@Override
	String lastSeenKey(String username) {
		return this.userKeyPrefix + username;
	}

	@Override
	String lastSeenField(String username) {
		return LAST_SEEN_FIELD;
	}

	@Override
	public void track(TrackedSession session) {
		this.bytes.execute(TRACK, List.of(this.usersKey, this.userKeyPrefix + session.username()),
				CompactSessionId.encode(session.sessionId()), utf8(Long.toString(ticksUpTo(session.checkAt()))),
				utf8(session.username()));
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		// the lease lapses within a tick before its end, which only lets the next claim come sooner
		long leaseEnd = ticksDownTo(now.plus(SessionTracker.CLAIM_LEASE));
		List<?> claimed = this.bytes.execute(CLAIM, List.of(this.usersKey), utf8(Long.toString(ticksDownTo(now))),
				utf8(Integer.toString(limit)), utf8(this.userKeyPrefix), utf8(Long.toString(leaseEnd)));
		List<TrackedSession> sessions = new ArrayList<>();
		if (claimed != null) {
			for (int i = 0; i + 2 < claimed.size(); i += 3) {
				sessions.add(new TrackedSession(CompactSessionId.decode((byte[]) claimed.get(i)),
						text(claimed.get(i + 1)), instantOf(Long.parseLong(text(claimed.get(i + 2))))));
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
		args[0] = utf8(username);
		int i = 1;
		for (String sessionId : sessionIds) {
			args[i++] = CompactSessionId.encode(sessionId);
		}
		this.bytes.execute(UNTRACK, List.of(this.usersKey, this.userKeyPrefix + username), args);
	}

	@Override
	public Set<String> sessionIds(String username) {
		Set<Object> fields = unlessWrongType(() -> this.bytes.opsForHash().keys(this.userKeyPrefix + username),
				Set.of());
		Set<String> ids = new HashSet<>();
		for (Object field : fields) {
			byte[] bytes = (byte[]) field;
			if (bytes.length > 0) {
				ids.add(CompactSessionId.decode(bytes));
			}
		}
		return Set.copyOf(ids);
	}

	/** The tick of the instant, or the next one if the instant falls within a tick. */
	private static long ticksUpTo(Instant instant) {
		long millisUp = instant.toEpochMilli() + ((instant.getNano() % 1_000_000 > 0) ? 1 : 0);
		return Math.floorDiv(millisUp - TICKS_SINCE + TICK_MILLIS - 1, TICK_MILLIS);
	}

	/** The tick of the instant, or the one before if the instant falls within a tick. */
	private static long ticksDownTo(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli() - TICKS_SINCE, TICK_MILLIS);
	}

	private static Instant instantOf(long ticks) {
		return Instant.ofEpochMilli(TICKS_SINCE + ticks * TICK_MILLIS);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Object reply) {
		return new String((byte[]) reply, StandardCharsets.UTF_8);
	}

}

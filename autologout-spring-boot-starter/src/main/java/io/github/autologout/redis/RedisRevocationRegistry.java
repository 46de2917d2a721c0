package io.github.autologout.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * A {@link RevocationRegistry} kept in Redis and shared by every node.
 * <p>
 * "Not before" instants live in one hash; each node holds a copy in memory, so that checking a
 * request costs no Redis round trip. A node that revokes updates its copy at once and publishes
 * the change, which the other nodes read from their database as it arrives (typically within
 * milliseconds); every
 * node also reloads the whole hash periodically, in case a message was lost. Ended sessions are
 * kept as keys that expire with the retention, and are looked up only for requests whose session
 * no longer exists.
 */
public final class RedisRevocationRegistry
		implements RevocationRegistry, InitializingBean, DisposableBean, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisRevocationRegistry.class);

	private static final String EVERYONE_FIELD = "e";

	private static final String USER_FIELD_PREFIX = "u:";

	/**
	 * Records a revocation as {@code notBefore:reason[:kept]}, combined with the recorded one as
	 * {@link Revocation#later(Revocation)} does: the later instant, whose kept login stays only
	 * where the earlier revocation does not refuse it. As {@link #decode} reads them, a recorded
	 * kept login that is no number of at most 18 digits is none, and a recorded value whose instant
	 * is no such number, which no epoch millisecond of a {@code long} has, is replaced.
	 */
	private static final RedisScript<Long> REVOKE = RedisScript.of("""
			local t, code, kept = ARGV[2], ARGV[3], ARGV[5]
			local current = redis.call('HGET', KEYS[1], ARGV[1])
			local ct, ccode, ckept
			if current then
			  ct, ccode = string.match(current, '^(%d+):([^:]*)')
			  ckept = string.match(current, '^%d+:[^:]*:(%d+)$') or ''
			  if ct and #ct > 18 then ct = nil end
			  if #ckept > 18 then ckept = '' end
			end
			if ct then
			  if tonumber(ct) >= tonumber(t) then
			    if ckept == '' or tonumber(ckept) >= tonumber(t) or ckept == kept then return 0 end
			    t, code, kept = ct, ccode, ''
			  elseif kept ~= '' and tonumber(kept) < tonumber(ct) and kept ~= ckept then
			    kept = ''
			  end
			end
			local value = t .. ':' .. code
			if kept ~= '' then value = value .. ':' .. kept end
			redis.call('HSET', KEYS[1], ARGV[1], value)
			redis.call('PUBLISH', ARGV[4], ARGV[1] .. '\\n' .. value)
			return 1
			""", Long.class);

	/** Deletes a field only if it still holds the value read, so that a revocation written since stays. */
	private static final RedisScript<Long> FORGET = RedisScript.of("""
			if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
			  return redis.call('HDEL', KEYS[1], ARGV[1])
			end
			return 0
			""", Long.class);

	/**
	 * Remembers each session that no call has remembered yet, and returns the positions of those.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REVOKE_SESSIONS = RedisScript.of("""
			local recorded = {}
			for i = 1, #KEYS do
			  if redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2], 'NX') then
			    table.insert(recorded, i)
			  end
			end
			return recorded
			""", List.class);

	private final StringRedisTemplate redis;

	private final Clock clock;

	private final Duration retention;

	private final String revocationsKey;

	private final String sessionKeyPrefix;

	private final String channel;

	private final InMemoryRevocationRegistry local;

	private final RedisMessageListenerContainer listenerContainer;

	private Duration reloadInterval = Duration.ofSeconds(30);

	private @Nullable ScheduledExecutorService reloader;

	/**
	 * Creates a registry.
	 * @param connectionFactory the connection to Redis
	 * @param namespace the prefix of every key and channel, such as {@code autologout}
	 * @param clock the source of the current instant
	 * @param retention how long an entry matters: at least the longest absolute timeout
	 */
	public RedisRevocationRegistry(RedisConnectionFactory connectionFactory, String namespace, Clock clock,
			Duration retention) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.clock = clock;
		this.retention = retention;
		this.revocationsKey = namespace + ":revocations";
		this.sessionKeyPrefix = namespace + ":revoked-session:";
		this.channel = namespace + ":revocations";
		this.local = new InMemoryRevocationRegistry(clock, retention);
		this.listenerContainer = new RedisMessageListenerContainer();
		this.listenerContainer.setConnectionFactory(connectionFactory);
		this.listenerContainer.addMessageListener(new RevocationListener(), new ChannelTopic(this.channel));
	}

	/**
	 * Sets how often every revocation is reloaded from Redis, as a safety net for lost messages.
	 * @param reloadInterval the interval, 30 seconds by default
	 */
	public void setReloadInterval(Duration reloadInterval) {
		this.reloadInterval = reloadInterval;
	}

	@Override
	public void afterPropertiesSet() {
		this.listenerContainer.afterPropertiesSet();
		this.listenerContainer.start();
		reload();
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "autologout-redis-revocations");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.reloadInterval.toMillis();
		executor.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.reloader = executor;
	}

	/** Subscribes again after a stop of the application context; the first start is the initialization's. */
	@Override
	public void start() {
		this.listenerContainer.start();
	}

	/**
	 * Unsubscribes while the connection factory, a lifecycle of an earlier phase, is still open:
	 * unsubscribing in {@link #destroy()} found its connection pool closed, with a warning.
	 */
	@Override
	public void stop() {
		this.listenerContainer.stop();
	}

	@Override
	public boolean isRunning() {
		return this.listenerContainer.isRunning();
	}

	@Override
	public int getPhase() {
		return this.listenerContainer.getPhase();
	}

	@Override
	public void destroy() throws Exception {
		if (this.reloader != null) {
			this.reloader.shutdownNow();
		}
		this.listenerContainer.destroy();
	}

	@Override
	public void revokeUser(String username, Revocation revocation) {
		revoke(USER_FIELD_PREFIX + username, revocation);
		this.local.revokeUser(username, revocation);
	}

	@Override
	public void revokeEveryone(Revocation revocation) {
		revoke(EVERYONE_FIELD, revocation);
		this.local.revokeEveryone(revocation);
	}

	private void revoke(String field, Revocation revocation) {
		Instant kept = revocation.kept();
		this.redis.execute(REVOKE, List.of(this.revocationsKey), field,
				Long.toString(revocation.notBefore().toEpochMilli()), revocation.reason().code(), this.channel,
				(kept != null) ? Long.toString(kept.toEpochMilli()) : "");
	}

	@Override
	public Optional<Revocation> find(String username, Instant authenticatedAt) {
		return this.local.find(username, authenticatedAt);
	}

	/**
	 * Reads the user's and everyone's revocations from Redis with one {@code HMGET}, applies
	 * them to this node's copy, which a publication may not have reached yet, and looks there.
	 */
	@Override
	public Optional<Revocation> findLatest(String username, Instant authenticatedAt) {
		List<String> fields = List.of(USER_FIELD_PREFIX + username, EVERYONE_FIELD);
		List<Object> values = this.redis.opsForHash().multiGet(this.revocationsKey, List.copyOf(fields));
		for (int i = 0; i < fields.size(); i++) {
			if (values.get(i) != null) {
				applyEncoded(fields.get(i), values.get(i).toString());
			}
		}
		return this.local.find(username, authenticatedAt);
	}

	@Override
	public boolean revokeSession(String sessionId, LogoutReason reason) {
		return Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(this.sessionKeyPrefix + sessionId, reason.code(), this.retention));
	}

	/**
	 * Remembers the ended sessions with one script: one round trip for all, on the shared
	 * connection (a pipeline would take a connection of its own, which Lettuce opens anew for each
	 * unless a pool is configured).
	 */
	@Override
	public Set<String> revokeSessions(Collection<String> sessionIds, LogoutReason reason) {
		if (sessionIds.isEmpty()) {
			return Set.of();
		}
		List<String> ids = List.copyOf(sessionIds);
		List<String> keys = ids.stream().map((sessionId) -> this.sessionKeyPrefix + sessionId).toList();
		List<?> positions = this.redis.execute(REVOKE_SESSIONS, keys, reason.code(),
				Long.toString(this.retention.toMillis()));
		Set<String> recorded = new LinkedHashSet<>();
		if (positions != null) {
			positions.forEach((position) -> recorded.add(ids.get(((Number) position).intValue() - 1)));
		}
		return recorded;
	}

	@Override
	public Optional<LogoutReason> findSession(String sessionId) {
		return LogoutReason.fromRecordedCode(this.redis.opsForValue().get(this.sessionKeyPrefix + sessionId));
	}

	/**
	 * Reloads every revocation from Redis into this node's copy, and removes those older than the
	 * retention from Redis.
	 */
	public void reload() {
		Instant oldest = this.clock.instant().minus(this.retention);
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.revocationsKey);
		entries.forEach((field, value) -> {
			Revocation revocation = decode(value.toString());
			if (revocation == null || revocation.notBefore().isBefore(oldest)) {
				this.redis.execute(FORGET, List.of(this.revocationsKey), field.toString(), value.toString());
			}
			else {
				apply(field.toString(), revocation);
			}
		});
	}

	private void reloadQuietly() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not reload the revocations from Redis: " + ex.getMessage());
		}
	}

	private void apply(String field, Revocation revocation) {
		if (field.equals(EVERYONE_FIELD)) {
			this.local.revokeEveryone(revocation);
		}
		else if (field.startsWith(USER_FIELD_PREFIX)) {
			this.local.revokeUser(field.substring(USER_FIELD_PREFIX.length()), revocation);
		}
	}

	/** Applies a field of the revocations hash as Redis stores it; a value that does not decode is ignored. */
	private void applyEncoded(String field, String value) {
		Revocation revocation = decode(value);
		if (revocation != null) {
			apply(field, revocation);
		}
	}

	/**
	 * Decodes {@code notBefore:reason} or {@code notBefore:reason:kept}; a kept login that is no
	 * number is read as none, so that the revocation refuses more rather than nothing.
	 */
	private static @Nullable Revocation decode(String value) {
		int colon = value.indexOf(':');
		if (colon < 0) {
			return null;
		}
		int keptColon = value.indexOf(':', colon + 1);
		long millis;
		try {
			millis = Long.parseLong(value.substring(0, colon));
		}
		catch (NumberFormatException ex) {
			return null;
		}
		String code = (keptColon < 0) ? value.substring(colon + 1) : value.substring(colon + 1, keptColon);
		Instant kept = (keptColon < 0) ? null : keptLogin(value.substring(keptColon + 1));
		return Revocation.recorded(Instant.ofEpochMilli(millis), code, kept);
	}

	private static @Nullable Instant keptLogin(String millis) {
		try {
			return Instant.ofEpochMilli(Long.parseLong(millis));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Applies the field that a message names as this node's database holds it: Redis delivers a
	 * publication to the subscribers of every database, so the message's own value may be that of
	 * another application, with the same namespace in another database of the same server.
	 */
	private final class RevocationListener implements MessageListener {

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			int newline = body.lastIndexOf('\n');
			if (newline < 0) {
				return;
			}
			String field = body.substring(0, newline);
			Object value = RedisRevocationRegistry.this.redis.opsForHash()
				.get(RedisRevocationRegistry.this.revocationsKey, field);
			if (value != null) {
				applyEncoded(field, value.toString());
			}
		}

	}

}

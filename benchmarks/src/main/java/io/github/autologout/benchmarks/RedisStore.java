package io.github.autologout.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.SpringSessionLookup;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.redis.RedisPrincipalSessionIds;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.redis.RedisIndexedSessionTracker;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SpringSessionIndex;
import io.github.autologout.test.EmbeddedRedis;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.data.redis.SortedSetRedisSessionExpirationStore;

/**
 * Debian's {@code redis-server} on a free loopback port, without persistence or memory limit,
 * holding sessions of Spring Session's indexed repository ({@code repository-type=indexed}) or
 * of its default one, with the tracker the starter configures for each.
 */
final class RedisStore implements Store {

	private static final String NAMESPACE = "spring:session";

	private static final RedisScript<Long> MEMORY_USAGE = RedisScript
		.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", Long.class);

	private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

	/**
	 * Whether the repository keeps its expirations in Spring Session's sorted set
	 * ({@code -Dautologout.benchmarks.redis-expirations=sorted-set}) rather than in its default
	 * sets per minute, which an application chooses with a {@code RedisSessionExpirationStore} bean.
	 */
	static final boolean SORTED_SET_EXPIRATIONS = "sorted-set"
		.equals(System.getProperty("autologout.benchmarks.redis-expirations"));

	private final Process server;

	private final LettuceConnectionFactory connectionFactory;

	private final RedisTemplate<String, Object> template;

	private final @Nullable RedisIndexedSessionRepository indexedRepository;

	private final SessionRepository<?> repository;

	private final SessionTracker tracker;

	private final RedisRevocationRegistry registry;

	/**
	 * Starts the server and the repository.
	 * @param indexed whether Spring Session's indexed repository keeps the sessions, rather than
	 * its default {@link RedisSessionRepository}, which cannot list a user's sessions, so that the
	 * starter's {@link RedisSessionTracker} lists them
	 */
	RedisStore(boolean indexed) throws Exception {
		int port = EmbeddedRedis.freePort();
		this.server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir"))
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "benchmark-redis.log"))
			.redirectErrorStream(true)
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.server::destroy));
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		waitUntilUp();
		this.template = new RedisTemplate<>();
		this.template.setKeySerializer(RedisSerializer.string());
		this.template.setHashKeySerializer(RedisSerializer.string());
		this.template.setConnectionFactory(this.connectionFactory);
		this.template.afterPropertiesSet();
		if (indexed) {
			RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(this.template);
			repository.setDefaultMaxInactiveInterval(IDLE);
			if (SORTED_SET_EXPIRATIONS) {
				repository.setExpirationStore(new SortedSetRedisSessionExpirationStore(this.template, NAMESPACE));
			}
			repository.afterPropertiesSet();
			this.indexedRepository = repository;
			this.repository = repository;
			this.tracker = new RedisIndexedSessionTracker(this.connectionFactory, "autologout",
					new RedisPrincipalSessionIds(repository));
		}
		else {
			RedisSessionRepository repository = new RedisSessionRepository(this.template);
			repository.setDefaultMaxInactiveInterval(IDLE);
			this.indexedRepository = null;
			this.repository = repository;
			this.tracker = new RedisSessionTracker(this.connectionFactory, "autologout");
		}
		this.registry = new RedisRevocationRegistry(this.connectionFactory, "autologout", Clock.systemUTC(),
				Duration.ofHours(12));
		this.registry.afterPropertiesSet();
	}

	private void waitUntilUp() throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.ping();
				return;
			}
			catch (RuntimeException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("redis-server did not start");
	}

	@Override
	public String name() {
		if (this.indexedRepository == null) {
			return "Redis (default repository, RedisSessionRepository)";
		}
		return SORTED_SET_EXPIRATIONS ? "Redis (indexed repository, expirations in a sorted set)"
				: "Redis (indexed repository)";
	}

	@Override
	public void clear() {
		this.template.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Override
	public void fill(int sessions, int sessionsPerUser) {
		Instant now = Instant.now();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		List<Future<?>> futures = new ArrayList<>();
		int chunk = 1000;
		for (int start = 0; start < sessions; start += chunk) {
			int from = start;
			int to = Math.min(sessions, start + chunk);
			futures.add(executor.submit(() -> {
				for (int i = from; i < to; i++) {
					Store.save(this.repository, this.tracker, "bg-" + (i / sessionsPerUser), now, true);
				}
			}));
		}
		try {
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			executor.shutdown();
		}
	}

	@Override
	public List<String> createSessions(String username, int count, Instant lastActivity) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(Store.save(this.repository, this.tracker, username, lastActivity, true));
		}
		return ids;
	}

	@Override
	public SessionIndex index() {
		return index(true);
	}

	/**
	 * The starter's index over the repository.
	 * @param principalSessionIds whether it reads the indexed repository's principal index as ids,
	 * as the starter configures it, rather than through {@code findByPrincipalName}
	 */
	SpringSessionIndex<?> index(boolean principalSessionIds) {
		SpringSessionIndex<?> index = new SpringSessionIndex<>(this.repository, this.tracker);
		index.setExecutor(Store.sessionExecutor());
		if (principalSessionIds && this.indexedRepository != null) {
			index.setPrincipalSessionIds(new RedisPrincipalSessionIds(this.indexedRepository));
		}
		return index;
	}

	@Override
	public SessionLookup lookup() {
		return new SpringSessionLookup<>(this.repository);
	}

	@Override
	public RevocationRegistry registry() {
		return this.registry;
	}

	@Override
	public SessionTracker tracker() {
		return this.tracker;
	}

	@Override
	public int naiveScan(String username) {
		String attribute = "sessionAttr:SPRING_SECURITY_CONTEXT";
		int found = 0;
		List<String> batch = new ArrayList<>(1000);
		try (Cursor<String> keys = this.template
			.scan(ScanOptions.scanOptions().match(NAMESPACE + ":sessions:*").count(1000).build())) {
			while (keys.hasNext()) {
				String key = keys.next();
				if (key.startsWith(NAMESPACE + ":sessions:expires:")) {
					continue;
				}
				batch.add(key);
				if (batch.size() == 1000) {
					found += decode(batch, attribute, username);
					batch.clear();
				}
			}
		}
		return found + decode(batch, attribute, username);
	}

	private int decode(List<String> keys, String attribute, String username) {
		if (keys.isEmpty()) {
			return 0;
		}
		List<Object> contexts = this.template.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String key : keys) {
				connection.hashCommands()
					.hGet(key.getBytes(StandardCharsets.UTF_8), attribute.getBytes(StandardCharsets.UTF_8));
			}
			return null;
		}, this.template.getHashValueSerializer());
		int found = 0;
		for (Object context : contexts) {
			if (context instanceof SecurityContext security && security.getAuthentication() != null
					&& username.equals(security.getAuthentication().getName())) {
				found++;
			}
		}
		return found;
	}

	/**
	 * Measures the attribute as what it adds to a session's hash ({@code MEMORY USAGE} with all
	 * samples, averaged over 1,000 sessions with it and 1,000 without): right after the login's
	 * save, and after each of five more requests, whose saves let Redis finish growing the hash's
	 * table (it moves one part of the old table to the new one per change of the hash). The tracker
	 * is its sorted set of users and, with the indexed repository, its hash of when each was last
	 * seen, or, with the default repository, its hash per user of the user's sessions and when the
	 * user was last seen (the mean of the first 1,000 users' hashes, counted for every user),
	 * divided by the sessions of the users it tracks.
	 */
	@Override
	public void memory(int sessions, PrintStream out) {
		int probes = 1_000;
		Instant now = Instant.now();
		List<String> with = new ArrayList<>();
		List<String> without = new ArrayList<>();
		for (int i = 0; i < probes; i++) {
			with.add(probe("probe-with-" + i, now, true));
			without.add(probe("probe-without-" + i, now, false));
		}
		List<String> figures = new ArrayList<>();
		double attribute = 0;
		for (int request = 0; request <= 5; request++) {
			if (request > 0) {
				with.forEach(this::touch);
				without.forEach(this::touch);
			}
			attribute = (sessionMemory(with) - sessionMemory(without)) / (double) probes;
			figures.add(String.format("%.1f", attribute));
		}
		out.printf("  '%s' attribute (MEMORY USAGE of %d session hashes with and without): %s B per session after "
				+ "the login's save and after each of 5 more requests%n", SessionTimesAttributes.NAME, probes,
				String.join(", ", figures));
		with.forEach(this.repository::deleteById);
		without.forEach(this.repository::deleteById);
		boolean indexed = this.indexedRepository != null;
		String usersKey = indexed ? "autologout:tracked:users" : "autologout:users";
		long users = memoryUsage(usersKey);
		// the default repository's tracker keeps when each user was last seen in the user's own hash
		long lastSeen = indexed ? memoryUsage("autologout:tracker:last-seen") : 0;
		Long trackedUsers = this.template.opsForZSet().zCard(usersKey);
		long tracked = (trackedUsers != null) ? trackedUsers : 0;
		double userSessions = 0;
		if (!indexed) {
			int sampled = (int) Math.min(1_000, tracked);
			long sum = 0;
			for (int i = 0; i < sampled; i++) {
				sum += memoryUsage("autologout:u:bg-" + i);
			}
			userSessions = (sampled > 0) ? sum / (double) sampled * tracked : 0;
			out.printf("  tracker's hashes of users' sessions and last-seen instants, MEMORY USAGE: %.1f B per user "
					+ "(mean of %d)%n", (sampled > 0) ? sum / (double) sampled : 0, sampled);
		}
		double tracker = (users + lastSeen + userSessions) / sessions;
		out.printf("  tracker MEMORY USAGE: sorted set of %d users %d B, last-seen hash %d B: %.1f B per user, "
				+ "%.1f B per session of the %d sessions%n", tracked, users, lastSeen,
				(users + lastSeen + userSessions) / tracked, tracker, sessions);
		out.printf("  autologout state per session: %s B after login, %.1f B after 5 more requests%n",
				String.format("%.1f", Double.parseDouble(figures.get(0)) + tracker), attribute + tracker);
		Properties info = this.template.execute((RedisCallback<Properties>) (connection) -> connection
			.serverCommands().info("memory"));
		out.printf("  used_memory %s B for %d sessions%n", info.getProperty("used_memory"), sessions);
	}

	private long sessionMemory(List<String> sessionIds) {
		return sessionIds.stream().mapToLong((id) -> memoryUsage(NAMESPACE + ":sessions:" + id)).sum();
	}

	/** Saves an authenticated session, with or without autologout's attribute, untracked. */
	private String probe(String username, Instant now, boolean withAutoLogout) {
		return probe(this.repository, username, now, withAutoLogout);
	}

	private static <S extends Session> String probe(SessionRepository<S> repository, String username, Instant now,
			boolean withAutoLogout) {
		S session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				Store.securityContext(username, session.getId()));
		if (withAutoLogout) {
			SessionTimesAttributes.write(session::setAttribute, SessionTimes.authenticatedAt(now));
		}
		repository.save(session);
		return session.getId();
	}

	/** Saves the session again as Spring Session does after a request. */
	private void touch(String sessionId) {
		touch(this.repository, sessionId);
	}

	private static <S extends Session> void touch(SessionRepository<S> repository, String sessionId) {
		S session = repository.findById(sessionId);
		session.setLastAccessedTime(Instant.now());
		repository.save(session);
	}

	/**
	 * Runs the action and counts the commands Redis served meanwhile, by name, from
	 * {@code INFO commandstats} after a {@code CONFIG RESETSTAT} (whose own {@code INFO} and
	 * {@code CONFIG} calls are left out).
	 */
	Map<String, Long> commandsOf(Runnable action) {
		this.template.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().resetConfigStats();
			return null;
		});
		action.run();
		Properties stats = this.template
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("commandstats"));
		Map<String, Long> calls = new TreeMap<>();
		stats.forEach((key, value) -> {
			String command = key.toString().replace("cmdstat_", "");
			Matcher matcher = CALLS.matcher(value.toString());
			if (!command.equals("info") && !command.startsWith("config") && matcher.find()) {
				calls.put(command, Long.parseLong(matcher.group(1)));
			}
		});
		return calls;
	}

	private long memoryUsage(String key) {
		Long bytes = this.template.execute(MEMORY_USAGE, List.of(key));
		return (bytes != null) ? bytes : -1;
	}

	@Override
	public void close() {
		try {
			this.registry.destroy();
			if (this.indexedRepository != null) {
				this.indexedRepository.destroy();
			}
		}
		catch (Exception ex) {
			// closing anyway
		}
		this.connectionFactory.destroy();
		this.server.destroy();
		try {
			this.server.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

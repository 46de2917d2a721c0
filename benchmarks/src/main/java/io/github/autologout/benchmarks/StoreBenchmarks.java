package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.expiry.SessionExpiryChecker;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.SessionEndPolicy;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.DefaultForceLogoutService;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * Force logout, expiry and memory on real stores, run on demand:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.autologout.benchmarks.StoreBenchmarks
 * <memory,redis,redis-default,jdbc> <10000,100000> [runs]}, where {@code redis} is Spring
 * Session's indexed Redis repository and {@code redis-default} its default one.
 * <p>
 * For each store and size it fills the store with that many authenticated sessions, four per
 * user, then times {@code logout(username)} of {@link DefaultForceLogoutService} over the
 * starter's {@code SessionIndex} for users with 1, 10 and 100 sessions (created before each run,
 * untimed), next to the naive scan that reads and decodes every session's security context; then
 * one {@link SessionExpiryChecker#checkDue()} pass with nothing due, and the store's memory. After
 * the last size it measures how late after its deadline a session ends with no request.
 */
public final class StoreBenchmarks {

	private static final PrintStream out = System.out;

	private StoreBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		List<String> stores = Arrays.asList(((args.length > 0) ? args[0] : "memory,redis,jdbc").split(","));
		int[] sizes = Arrays.stream(((args.length > 1) ? args[1] : "10000,100000").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int runs = (args.length > 2) ? Integer.parseInt(args[2]) : 100;
		out.printf("java %s, %d CPUs, max heap %d MB, %d threads end a logout's Spring Session sessions on Redis "
				+ "(JDBC: one batch of deletes)%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20, Store.SESSION_THREADS);
		Map<String, Object> attributes = new HashMap<>();
		Instant login = Instant.now();
		SessionTimesAttributes.write(attributes::put, SessionTimes.of(login, login.plus(Duration.ofHours(12))));
		Object value = attributes.get(SessionTimesAttributes.NAME);
		out.printf("session attribute '%s' (name of %d B), 12 h after login: %s, JDK-serialized %d B%n",
				SessionTimesAttributes.NAME, SessionTimesAttributes.NAME.length(), value,
				new SerializingConverter().convert(value).length);
		for (String name : stores) {
			try (Store store = open(name)) {
				out.println("== " + store.name());
				for (int size : sizes) {
					measure(store, size, runs);
				}
				expiryLatency(store);
			}
		}
		System.exit(0);
	}

	private static Store open(String name) throws Exception {
		return switch (name) {
			case "memory" -> new InMemoryStore();
			case "redis" -> new RedisStore(true);
			case "redis-default" -> new RedisStore(false);
			case "jdbc" -> new JdbcStore();
			default -> throw new IllegalArgumentException("Unknown store " + name);
		};
	}

	private static void measure(Store store, int size, int runs) {
		store.clear();
		long start = System.nanoTime();
		store.fill(size, 4);
		out.printf("-- %,d sessions of %,d users, filled in %.1f s%n", size, size / 4,
				(System.nanoTime() - start) / 1e9);
		ApplicationEventPublisher events = (event) -> {
		};
		DefaultForceLogoutService service = new DefaultForceLogoutService(store.index(), store.registry(), events,
				Clock.systemUTC());
		service.setSessionTracker(store.tracker());
		for (int sessions : new int[] { 1, 10, 100 }) {
			int count = (sessions == 100) ? Math.max(10, runs / 2) : runs;
			String username = "target-" + sessions;
			for (int i = 0; i < 10; i++) {
				timedLogout(store, service, username, sessions);
			}
			long[] nanos = new long[count];
			for (int i = 0; i < count; i++) {
				nanos[i] = timedLogout(store, service, username, sessions);
			}
			out.printf("  logout(user with %3d sessions): %s%n", sessions, new Stats(nanos));
		}
		List<String> scanned = store.createSessions("scan-target", 10, Instant.now());
		int scans = (size >= 1_000_000) ? 1 : 3;
		long[] nanos = new long[scans];
		for (int i = 0; i < scans; i++) {
			long before = System.nanoTime();
			int found = store.naiveScan("scan-target");
			nanos[i] = System.nanoTime() - before;
			check(found == scanned.size(), "naive scan found " + found + " of " + scanned.size());
		}
		out.printf("  naive scan and decode of all sessions: %s%n", new Stats(nanos));
		checkDue(store, runs * 2);
		store.memory(size, out);
	}

	private static long timedLogout(Store store, DefaultForceLogoutService service, String username, int sessions) {
		store.createSessions(username, sessions, Instant.now());
		long before = System.nanoTime();
		int ended = service.logout(username, LogoutReason.FORCED);
		long nanos = System.nanoTime() - before;
		check(ended == sessions, "logout ended " + ended + " sessions instead of " + sessions);
		return nanos;
	}

	private static void checkDue(Store store, int runs) {
		SessionExpiryChecker checker = new SessionExpiryChecker(store.tracker(), store.lookup(),
				new SessionEndPolicy(new AuthorityTimeoutPolicyResolver(SecurityChains.POLICY, Map.of()),
						store.registry()),
				store.registry(), (event) -> {
				}, Clock.systemUTC());
		for (int i = 0; i < 20; i++) {
			checker.checkDue();
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long before = System.nanoTime();
			int ended = checker.checkDue();
			nanos[i] = System.nanoTime() - before;
			check(ended == 0, "an expiry pass ended " + ended + " sessions");
		}
		out.printf("  checkDue() with nothing due: %s%n", new Stats(nanos));
	}

	/**
	 * Creates sessions whose idle deadline passes 1 to 6 seconds from now, of 20 users, then of
	 * one user who also has 800 sessions that stay live, runs the expiry checker as the starter
	 * does (every second) and measures when each {@link AutoLogoutEvent} arrives.
	 */
	private static void expiryLatency(Store store) throws InterruptedException {
		expiryLatency(store, 20, 1, 0);
		expiryLatency(store, 200, 200, 800);
	}

	/**
	 * Measures the expiry of the given number of sessions, whose deadlines are spread over five
	 * seconds, of as many users as given, the first of which also has sessions that stay live.
	 */
	private static void expiryLatency(Store store, int sessions, int perUser, int live)
			throws InterruptedException {
		Map<String, Long> deadlines = new ConcurrentHashMap<>();
		Map<String, Long> ended = new ConcurrentHashMap<>();
		ApplicationEventPublisher events = (event) -> {
			if (event instanceof AutoLogoutEvent logout && logout.getSessionId() != null) {
				ended.putIfAbsent(logout.getSessionId(), System.currentTimeMillis());
			}
		};
		SessionExpiryChecker checker = new SessionExpiryChecker(store.tracker(), store.lookup(),
				new SessionEndPolicy(new AuthorityTimeoutPolicyResolver(SecurityChains.POLICY, Map.of()),
						store.registry()),
				store.registry(), events, Clock.systemUTC());
		checker.setSessionExecutor(Store.sessionExecutor());
		String prefix = "latency-" + sessions + "-" + perUser + "-";
		store.createSessions(prefix + 0, live, Instant.now());
		long now = System.currentTimeMillis() + 2000;
		for (int i = 0; i < sessions; i++) {
			long deadline = now + 1000 + i * 5000L / sessions;
			Instant lastActivity = Instant.ofEpochMilli(deadline).minus(Store.IDLE);
			for (String id : store.createSessions(prefix + (i / perUser), 1, lastActivity)) {
				deadlines.put(id, deadline);
			}
		}
		checker.start();
		long until = System.currentTimeMillis() + 20_000;
		while (ended.size() < sessions && System.currentTimeMillis() < until) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		checker.stop();
		List<Long> lateness = new ArrayList<>();
		deadlines.forEach((id, deadline) -> {
			Long at = ended.get(id);
			if (at != null) {
				lateness.add((at - deadline) * 1_000_000);
			}
		});
		check(lateness.size() == sessions, "only " + lateness.size() + " of " + sessions + " sessions ended");
		out.printf("  expiry event after the deadline, no request (checker every 1 s), %d sessions of %d users%s: %s%n",
				sessions, sessions / perUser, (live > 0) ? ", the first with " + live + " more live sessions" : "",
				new Stats(lateness.stream().mapToLong(Long::longValue).toArray()));
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}

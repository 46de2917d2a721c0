package io.github.autologout.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.test.EmbeddedRedis;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code RevocationRegistry.find} as the filter calls it on every request, in memory and on Redis
 * (whose registry answers from its local copy), with 10,000 revoked users, for a user that is not
 * revoked (the common case) and one that is; the baseline is one {@link ConcurrentHashMap} lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RevocationBenchmark {

	private static final int REVOKED_USERS = 10_000;

	private final Map<String, Revocation> map = new ConcurrentHashMap<>();

	private InMemoryRevocationRegistry inMemory;

	private RedisRevocationRegistry redis;

	private LettuceConnectionFactory connectionFactory;

	private Instant authenticatedAt;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		Clock clock = Clock.systemUTC();
		this.inMemory = new InMemoryRevocationRegistry(clock, Duration.ofHours(12));
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new RedisRevocationRegistry(this.connectionFactory, "bench" + System.nanoTime(), clock,
				Duration.ofHours(12));
		this.redis.afterPropertiesSet();
		Revocation revocation = new Revocation(clock.instant(), LogoutReason.FORCED);
		for (int i = 0; i < REVOKED_USERS; i++) {
			String user = "revoked-" + i;
			this.map.put(user, revocation);
			this.inMemory.revokeUser(user, revocation);
			this.redis.revokeUser(user, revocation);
		}
		this.authenticatedAt = clock.instant().minus(Duration.ofMinutes(5));
		if (this.redis.find("revoked-42", this.authenticatedAt).isEmpty()
				|| this.inMemory.find("revoked-42", this.authenticatedAt).isEmpty()
				|| this.redis.find("user", this.authenticatedAt).isPresent()) {
			throw new IllegalStateException("The registries do not answer as expected");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.redis.destroy();
		this.connectionFactory.destroy();
	}

	@Benchmark
	public Object baselineMapGet() {
		return this.map.get("user");
	}

	@Benchmark
	public Optional<Revocation> inMemoryNotRevoked() {
		return this.inMemory.find("user", this.authenticatedAt);
	}

	@Benchmark
	public Optional<Revocation> inMemoryRevoked() {
		return this.inMemory.find("revoked-42", this.authenticatedAt);
	}

	@Benchmark
	public Optional<Revocation> redisNotRevoked() {
		return this.redis.find("user", this.authenticatedAt);
	}

	@Benchmark
	public Optional<Revocation> redisRevoked() {
		return this.redis.find("revoked-42", this.authenticatedAt);
	}

}

package io.github.autologout.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TimeoutPolicy#expiryReason(SessionTimes, Instant)} for a live and an expired session,
 * next to a baseline that only compares the instant with a precomputed deadline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TimeoutPolicyBenchmark {

	private TimeoutPolicy policy;

	private SessionTimes live;

	private SessionTimes expired;

	private Instant now;

	private Instant deadline;

	@Setup
	public void setUp() {
		this.policy = SecurityChains.POLICY;
		this.now = Instant.now();
		this.live = SessionTimes.of(this.now.minus(Duration.ofHours(1)), this.now.minus(Duration.ofMinutes(5)));
		this.expired = SessionTimes.of(this.now.minus(Duration.ofHours(1)), this.now.minus(Duration.ofMinutes(31)));
		this.deadline = this.policy.deadline(this.live);
	}

	@Benchmark
	public boolean baseline() {
		return this.now.isBefore(this.deadline);
	}

	@Benchmark
	public Optional<LogoutReason> expiryReasonLive() {
		return this.policy.expiryReason(this.live, this.now);
	}

	@Benchmark
	public Optional<LogoutReason> expiryReasonExpired() {
		return this.policy.expiryReason(this.expired, this.now);
	}

}

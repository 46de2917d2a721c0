package io.github.autologout.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RevocationRegistry} in the memory of one JVM, for a single node.
 * <p>
 * Entries are forgotten once they can no longer matter: a revocation older than the retention
 * (the longest absolute timeout) can refuse no session that is still alive.
 */
public final class InMemoryRevocationRegistry implements RevocationRegistry {

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private final Map<String, Revocation> users = new ConcurrentHashMap<>();

	private final AtomicReference<Revocation> everyone = new AtomicReference<>();

	private final Map<String, RevokedSession> sessions = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep = new AtomicLong();

	private final Clock clock;

	private final Duration retention;

	/**
	 * Creates a registry.
	 * @param clock the source of the current instant
	 * @param retention how long to keep an entry: at least the longest absolute timeout
	 */
	public InMemoryRevocationRegistry(Clock clock, Duration retention) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		Objects.requireNonNull(retention, "retention must not be null");
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive, was " + retention);
		}
		this.retention = retention;
	}

	@Override
	public void revokeUser(String username, Revocation revocation) {
		Objects.requireNonNull(username, "username must not be null");
		Objects.requireNonNull(revocation, "revocation must not be null");
		sweepIfDue();
		this.users.merge(username, revocation, Revocation::later);
	}

	@Override
	public void revokeEveryone(Revocation revocation) {
		Objects.requireNonNull(revocation, "revocation must not be null");
		this.everyone.accumulateAndGet(revocation, (current, given) -> given.later(current));
	}

	@Override
	public Optional<Revocation> find(String username, Instant authenticatedAt) {
		Revocation user = this.users.get(username);
		Revocation all = this.everyone.get();
		// each on its own: a login that the user's revocation keeps is refused by everyone's all the same
		boolean byUser = user != null && user.refuses(authenticatedAt);
		boolean byAll = all != null && all.refuses(authenticatedAt);
		if (byUser && byAll) {
			return Optional.of(all.notBefore().isAfter(user.notBefore()) ? all : user);
		}
		return byUser ? Optional.of(user) : byAll ? Optional.of(all) : Optional.empty();
	}

	@Override
	public boolean revokeSession(String sessionId, LogoutReason reason) {
		Objects.requireNonNull(sessionId, "sessionId must not be null");
		Objects.requireNonNull(reason, "reason must not be null");
		sweepIfDue();
		RevokedSession revoked = new RevokedSession(reason, this.clock.instant());
		return this.sessions.compute(sessionId,
				(id, earlier) -> (earlier == null || isForgotten(earlier.at())) ? revoked : earlier) == revoked;
	}

	@Override
	public Optional<LogoutReason> findSession(String sessionId) {
		RevokedSession revoked = this.sessions.get(sessionId);
		if (revoked == null || isForgotten(revoked.at())) {
			return Optional.empty();
		}
		return Optional.of(revoked.reason());
	}

	private void sweepIfDue() {
		long now = this.clock.millis();
		long due = this.nextSweep.get();
		if (now >= due && this.nextSweep.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) {
			forgetExpired();
		}
	}

	/**
	 * Drops every entry older than the retention.
	 */
	public void forgetExpired() {
		this.users.values().removeIf((revocation) -> isForgotten(revocation.notBefore()));
		this.sessions.values().removeIf((revoked) -> isForgotten(revoked.at()));
	}

	/**
	 * How many per-user and per-session entries are held.
	 * @return the number of entries
	 */
	public int size() {
		return this.users.size() + this.sessions.size();
	}

	private boolean isForgotten(Instant instant) {
		return instant.plus(this.retention).isBefore(this.clock.instant());
	}

	private record RevokedSession(LogoutReason reason, Instant at) {
	}

}

package io.github.autologout.tracker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.expiry.SessionExpiryChecker;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.StoredSession;
import io.github.autologout.redis.RedisIndexedSessionTracker;
import io.github.autologout.security.SessionEndPolicy;
import io.github.autologout.security.TimeoutPolicyResolver;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link SessionExpiryChecker} with a tracker that keeps one instant per user, on a real
 * Redis: a session whose check fails is checked again at the end of the claim's lease, although
 * the tracking of its user's other, live session comes later.
 */
class PerUserExpiryCheckTests {

	private static final Instant LOGIN = Instant.parse("2026-12-05T08:00:00Z");

	private static final TimeoutPolicy POLICY = TimeoutPolicy.of(Duration.ofMinutes(15), Duration.ofHours(8));

	private final MutableClock clock = new MutableClock(LOGIN);

	private final InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(this.clock,
			Duration.ofHours(8));

	private final Map<String, StoredSession> store = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> principalIndex = new ConcurrentHashMap<>();

	private final List<AutoLogoutEvent> events = new CopyOnWriteArrayList<>();

	/** The session whose user's policy cannot be resolved, as a resolver that reads a profile can fail. */
	private volatile String failingPolicyOf;

	private final LettuceConnectionFactory redis = redis();

	@AfterEach
	void closeRedis() {
		this.redis.destroy();
	}

	@Test
	void aSessionWhoseCheckFailedIsEndedAtTheEndOfTheLeaseThoughItsUsersOtherSessionIsTrackedLater() {
		RedisIndexedSessionTracker tracker = new RedisIndexedSessionTracker(this.redis,
				"per-user-expiry-" + UUID.randomUUID(), (username) -> this.principalIndex.getOrDefault(username, Set.of()));
		SessionExpiryChecker checker = checker(tracker);
		store("abandoned", "alice", SessionTimes.authenticatedAt(LOGIN));
		store("active", "alice", SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(14))));
		this.principalIndex.put("alice", Set.of("abandoned", "active"));
		tracker.track(new TrackedSession("abandoned", "alice", LOGIN.plus(Duration.ofMinutes(15))));

		this.clock.advance(Duration.ofMinutes(15));
		this.failingPolicyOf = "abandoned";
		assertThat(checker.checkDue()).isZero();
		this.failingPolicyOf = null;

		this.clock.advance(SessionTracker.CLAIM_LEASE);
		assertThat(checker.checkDue()).isOne();
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly("abandoned");
		assertThat(this.store).containsOnlyKeys("active");
	}

	private SessionExpiryChecker checker(SessionTracker tracker) {
		TimeoutPolicyResolver resolver = (authentication) -> {
			if (authentication.getDetails() != null && authentication.getDetails().equals(this.failingPolicyOf)) {
				throw new IllegalStateException("the store of the users' profiles failed");
			}
			return POLICY;
		};
		SessionLookup lookup = new SessionLookup() {

			@Override
			public Optional<StoredSession> find(String sessionId) {
				return Optional.ofNullable(PerUserExpiryCheckTests.this.store.get(sessionId));
			}

			@Override
			public void delete(String sessionId) {
				PerUserExpiryCheckTests.this.store.remove(sessionId);
			}

		};
		return new SessionExpiryChecker(tracker, lookup, new SessionEndPolicy(resolver, this.revocations),
				this.revocations, (event) -> this.events.add((AutoLogoutEvent) event), this.clock);
	}

	private void store(String sessionId, String username, SessionTimes times) {
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
			.authenticated(username, null, AuthorityUtils.createAuthorityList("ROLE_USER"));
		authentication.setDetails(sessionId);
		this.store.put(sessionId, new StoredSession(sessionId, authentication, times));
	}

	private static LettuceConnectionFactory redis() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}

package io.github.autologout.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisRevocationRegistry} against a real Redis server, with two registries
 * standing for two nodes.
 */
class RedisRevocationRegistryTests {

	private static final Duration RETENTION = Duration.ofHours(1);

	private final Clock clock = Clock.systemUTC();

	private final String namespace = "test-" + UUID.randomUUID();

	private LettuceConnectionFactory connectionFactory;

	private RedisRevocationRegistry nodeA;

	private RedisRevocationRegistry nodeB;

	@BeforeEach
	void startNodes() {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.nodeA = node();
		this.nodeB = node();
	}

	private RedisRevocationRegistry node() {
		RedisRevocationRegistry registry = new RedisRevocationRegistry(this.connectionFactory, this.namespace,
				this.clock, RETENTION);
		registry.afterPropertiesSet();
		return registry;
	}

	@AfterEach
	void stopNodes() throws Exception {
		this.nodeA.destroy();
		this.nodeB.destroy();
		this.connectionFactory.destroy();
	}

	@Test
	void revocationOnOneNodeRefusesAtOnceOnThatNode() {
		Instant login = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		assertThat(this.nodeA.find("alice", login)).map(Revocation::reason).contains(LogoutReason.FORCED);
	}

	@Test
	void revocationOnOneNodeReachesTheOtherNode() {
		Instant login = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(login.plusMillis(1), LogoutReason.DISABLED));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.nodeB.find("alice", login)).map(Revocation::reason)
				.contains(LogoutReason.DISABLED));
		assertThat(this.nodeB.find("bob", login)).isEmpty();
	}

	@Test
	void revocationOfEveryoneReachesTheOtherNode() {
		Instant login = this.clock.instant();
		this.nodeA.revokeEveryone(new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.nodeB.find("carol", login)).isPresent());
	}

	@Test
	void aNodeStartedLaterLoadsEarlierRevocations() throws Exception {
		Instant login = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		RedisRevocationRegistry late = node();
		try {
			assertThat(late.find("alice", login)).isPresent();
			assertThat(late.find("alice", login.plusSeconds(1))).isEmpty();
		}
		finally {
			late.destroy();
		}
	}

	@Test
	void anEarlierRevocationFromAnotherNodeNeverReplacesALaterOne() throws Exception {
		Instant now = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(now.plusSeconds(60), LogoutReason.FORCED));
		this.nodeB.revokeUser("alice", new Revocation(now, LogoutReason.CREDENTIALS_CHANGED));
		RedisRevocationRegistry late = node();
		try {
			assertThat(late.find("alice", now.plusSeconds(30))).map(Revocation::reason).contains(LogoutReason.FORCED);
		}
		finally {
			late.destroy();
		}
	}

	@Test
	void oddUsernamesAreKeptApart() {
		Instant login = this.clock.instant();
		String odd = "e\nu:*% :名字";
		this.nodeA.revokeUser(odd, new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.nodeB.find(odd, login)).isPresent());
		assertThat(this.nodeB.find("e", login)).isEmpty();
		assertThat(this.nodeB.find("*", login)).isEmpty();
		assertThat(this.nodeB.find("someone", login)).isEmpty();
	}

	@Test
	void endedSessionIsFoundByIdOnEveryNode() {
		this.nodeA.revokeSession("session-1", LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-1")).contains(LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-2")).isEmpty();
	}

}

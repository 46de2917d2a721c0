package io.github.autologout.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.SharedRevocationRegistryContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisRevocationRegistry} against a real Redis server; each node has its own
 * connection.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRevocationRegistryTests extends SharedRevocationRegistryContractTests {

	private final String namespace = "test-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private final List<RedisRevocationRegistry> nodes = new ArrayList<>();

	@Override
	protected RevocationRegistry newNode() {
		return newNode(0);
	}

	private RevocationRegistry newNode(int database) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1",
				EmbeddedRedis.get().port());
		configuration.setDatabase(database);
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(configuration);
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		RedisRevocationRegistry registry = new RedisRevocationRegistry(connectionFactory, this.namespace,
				Clock.systemUTC(), Duration.ofHours(1));
		registry.afterPropertiesSet();
		this.nodes.add(registry);
		return registry;
	}

	@Test
	void closingTheApplicationUnsubscribesBeforeItsPooledConnectionsClose(CapturedOutput output) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(LettuceConnectionFactory.class,
					() -> new LettuceConnectionFactory(
							new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()),
							LettucePoolingClientConfiguration.defaultConfiguration()));
			context.registerBean(RedisRevocationRegistry.class,
					() -> new RedisRevocationRegistry(context.getBean(LettuceConnectionFactory.class), this.namespace,
							Clock.systemUTC(), Duration.ofHours(1)));
			context.refresh();
			RedisRevocationRegistry registry = context.getBean(RedisRevocationRegistry.class);
			assertThat(registry.isRunning()).isTrue();
			context.stop();
			assertThat(registry.isRunning()).isFalse();
			context.start();
			assertThat(registry.isRunning()).isTrue();
		}
		assertThat(output).doesNotContain("Unable to unsubscribe").doesNotContain("unreleased connections");
	}

	@Test
	void revocationOfAnApplicationOnAnotherDatabaseWithTheSameNamespaceRefusesNothingHere() throws Exception {
		RevocationRegistry here = newNode();
		RevocationRegistry otherApplication = newNode(1);
		RevocationRegistry otherApplicationsOtherNode = newNode(1);

		otherApplication.revokeUser("admin", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));

		// its publication reaches every subscriber, of any database, at once
		await().atMost(PROPAGATION)
			.untilAsserted(() -> assertThat(otherApplicationsOtherNode.find("admin", this.login)).isPresent());
		Thread.sleep(500);
		assertThat(here.find("admin", this.login)).isEmpty();
	}

	@Test
	void sessionsEndedTogetherAreKeptForTheRetentionOverTheSharedConnection() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		long connectionsBefore = connectionsReceived(redis);

		node.revokeSessions(List.of("together-1", "together-2", "together-3"), LogoutReason.FORCED);

		assertThat(connectionsReceived(redis)).as("no connection opened for the batch").isEqualTo(connectionsBefore);
		assertThat(List.of("together-1", "together-2", "together-3")).allSatisfy((id) -> {
			assertThat(redis.opsForValue().get(this.namespace + ":revoked-session:" + id)).isEqualTo("forced");
			assertThat(redis.getExpire(this.namespace + ":revoked-session:" + id, TimeUnit.SECONDS))
				.isBetween(Duration.ofHours(1).minusMinutes(1).toSeconds(), Duration.ofHours(1).toSeconds());
		});
	}

	@Test
	void reloadForgetsInRedisTheRevocationsOlderThanTheRetentionAndKeepsTheOthers() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		String key = this.namespace + ":revocations";
		long twoHoursAgo = this.login.minus(Duration.ofHours(2)).toEpochMilli();
		redis.opsForHash().put(key, "u:old", twoHoursAgo + ":forced");
		node.revokeUser("recent", new Revocation(this.login, LogoutReason.FORCED));

		node.reload();

		assertThat(redis.opsForHash().keys(key)).containsExactly("u:recent");
		assertThat(node.find("recent", this.login.minusMillis(1))).isPresent();
	}

	@Test
	void revocationsThatANewerVersionRecordedWithAReasonThisOneDoesNotKnowRefuseAsForcedAndAreKept() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		String key = this.namespace + ":revocations";
		redis.opsForHash().put(key, "u:future", (this.login.toEpochMilli() + 1) + ":ended_by_robot");
		redis.opsForValue().set(this.namespace + ":revoked-session:session-of-the-future", "ended_by_robot");

		node.reload();

		assertThat(node.find("future", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(node.findSession("session-of-the-future")).contains(LogoutReason.FORCED);
		assertThat(redis.opsForHash().keys(key)).containsExactly("u:future");
	}

	@Test
	void aRevocationWhoseKeptLoginIsCorruptRefusesEverySessionBeforeItAndIsKept() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		String key = this.namespace + ":revocations";
		long notBefore = this.login.toEpochMilli() + 1;
		redis.opsForHash().put(key, "u:gina", notBefore + ":forced:abc");
		redis.opsForHash().put(key, "u:hank", notBefore + ":disabled:");

		node.reload();

		assertThat(node.find("gina", this.login)).hasValueSatisfying((revocation) -> {
			assertThat(revocation.kept()).as("no login kept").isNull();
			assertThat(revocation.reason()).isEqualTo(LogoutReason.FORCED);
		});
		assertThat(node.find("hank", this.login)).map(Revocation::reason).contains(LogoutReason.DISABLED);
		assertThat(redis.opsForHash().keys(key)).containsExactlyInAnyOrder("u:gina", "u:hank");

		node.revokeUser("gina", new Revocation(this.login.minusSeconds(60), LogoutReason.FORCED));
		assertThat(redis.opsForHash().get(key, "u:gina")).as("an earlier revocation refuses less: the later one stays")
			.isEqualTo(notBefore + ":forced:abc");
		assertThat(newNode().find("gina", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
	}

	@Test
	void aRecordedInstantOfMoreDigitsThanAnyEpochMillisecondIsReplacedByTheNextRevocation() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		String key = this.namespace + ":revocations";
		redis.opsForHash().put(key, "u:ivy", "99999999999999999999:forced");

		node.revokeUser("ivy", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));

		assertThat(redis.opsForHash().get(key, "u:ivy")).isEqualTo((this.login.toEpochMilli() + 1) + ":forced");
		assertThat(newNode().find("ivy", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
	}

	@Test
	void aUsersOwnEndOfTheirSessionsIsRecordedWithItsReasonForTheOtherNodes() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));

		node.revokeUser("dora", new Revocation(this.login.plusMillis(1), LogoutReason.ENDED_BY_USER));

		assertThat(redis.opsForHash().get(this.namespace + ":revocations", "u:dora"))
			.isEqualTo((this.login.toEpochMilli() + 1) + ":ended_by_user");
		assertThat(newNode().find("dora", this.login)).map(Revocation::reason).contains(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void findLatestSeesInRedisARevocationWhosePublicationThisNodeHasNotHeardAndKeepsIt() {
		RedisRevocationRegistry node = (RedisRevocationRegistry) newNode();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections.get(this.connections.size() - 1));
		// written as another node's script writes it, but with no publication: one this node missed
		redis.opsForHash()
			.put(this.namespace + ":revocations", "u:erin", (this.login.toEpochMilli() + 1) + ":forced");
		redis.opsForHash().put(this.namespace + ":revocations", "e", this.login.minusSeconds(60).toEpochMilli() + ":forced");
		assertThat(node.find("erin", this.login)).isEmpty();

		assertThat(node.findLatest("erin", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(node.find("erin", this.login)).as("kept in the node's copy").isPresent();
		assertThat(node.findLatest("frank", this.login.minusSeconds(61))).as("everyone's revocation").isPresent();
		assertThat(node.findLatest("frank", this.login)).isEmpty();
	}

	private static long connectionsReceived(StringRedisTemplate redis) {
		Properties stats = redis.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("stats"));
		return Long.parseLong(stats.getProperty("total_connections_received"));
	}

	@AfterEach
	void stopNodes() throws Exception {
		for (RedisRevocationRegistry node : this.nodes) {
			node.destroy();
		}
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

}

package io.github.autologout.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.SharedRevocationRegistryContractTests;
import org.junit.jupiter.api.AfterEach;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Tests for {@link RedisRevocationRegistry} against a real Redis server; each node has its own
 * connection.
 */
class RedisRevocationRegistryTests extends SharedRevocationRegistryContractTests {

	private final String namespace = "test-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private final List<RedisRevocationRegistry> nodes = new ArrayList<>();

	@Override
	protected RevocationRegistry newNode() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		RedisRevocationRegistry registry = new RedisRevocationRegistry(connectionFactory, this.namespace,
				Clock.systemUTC(), Duration.ofHours(1));
		registry.afterPropertiesSet();
		this.nodes.add(registry);
		return registry;
	}

	@AfterEach
	void stopNodes() throws Exception {
		for (RedisRevocationRegistry node : this.nodes) {
			node.destroy();
		}
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

}

package io.github.autologout.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.test.EmbeddedRedis;
import io.github.autologout.test.PerSessionTrackerContractTests;
import org.junit.jupiter.api.AfterEach;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Tests for {@link RedisSessionTracker} on a real Redis server; each node has its own connection.
 */
class RedisSessionTrackerTests extends PerSessionTrackerContractTests {

	private final String namespace = "tracker-" + UUID.randomUUID();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	@Override
	protected SessionTracker newNode() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		return new RedisSessionTracker(connectionFactory, this.namespace);
	}

	@AfterEach
	void closeConnections() {
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

}

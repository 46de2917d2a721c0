package io.github.autologout.cluster;

import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.test.EmbeddedRedis;

import org.springframework.session.data.redis.RedisIndexedSessionRepository;

/**
 * {@link ClusterTests} with Spring Session's indexed Redis repository on a real Redis server.
 */
class RedisIndexedClusterTests extends ClusterTests {

	@Override
	List<String> storeProperties() {
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + EmbeddedRedis.get().port(),
				"spring.session.data.redis.repository-type=indexed",
				"spring.session.data.redis.namespace=indexed-cluster-test",
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
						+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
	}

	@Override
	Class<? extends RevocationRegistry> sharedRegistryType() {
		return RedisRevocationRegistry.class;
	}

	@Override
	Class<?> sessionRepositoryType() {
		return RedisIndexedSessionRepository.class;
	}

}

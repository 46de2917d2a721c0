package io.github.autologout.cluster;

import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.test.EmbeddedRedis;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

/**
 * {@link ClusterTests} with Spring Session's indexed Redis repository on a real Redis server.
 */
class RedisIndexedClusterTests extends ClusterTests {

	private static final String NAMESPACE = "indexed-cluster-test";

	@Override
	List<String> storeProperties() {
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + EmbeddedRedis.get().port(),
				"spring.session.data.redis.repository-type=indexed",
				"spring.session.data.redis.namespace=" + NAMESPACE,
				ClusterTestApplication.WITHOUT_JDBC);
	}

	/**
	 * Spring Session's indexed repository keeps a deleted session's hash for five more minutes,
	 * with an inactive interval of zero, for its expiry events: such a hash is not a stored session.
	 */
	@Override
	boolean isStored(String sessionId) {
		RedisOperations<String, Object> redis = contextOfNodeA().getBean(RedisIndexedSessionRepository.class)
			.getSessionRedisOperations();
		Object interval = redis.opsForHash().get(NAMESPACE + ":sessions:" + sessionId, "maxInactiveInterval");
		return Boolean.TRUE.equals(redis.hasKey(NAMESPACE + ":sessions:expires:" + sessionId))
				|| (interval != null && !Integer.valueOf(0).equals(interval));
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

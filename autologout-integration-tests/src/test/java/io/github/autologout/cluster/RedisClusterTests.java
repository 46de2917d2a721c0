package io.github.autologout.cluster;

import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.redis.RedisSessionTracker;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterTests} with Spring Boot's default, non-indexed Redis repository on a real Redis
 * server.
 */
class RedisClusterTests extends AbstractRedisClusterTests {

	private static final String NAMESPACE = "default-cluster-test";

	@Override
	List<String> storeProperties() {
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + EmbeddedRedis.get().port(),
				"spring.session.data.redis.namespace=" + NAMESPACE,
				ClusterTestApplication.WITHOUT_JDBC);
	}

	@Test
	void defaultRepositoryGetsNoReaderOfAPrincipalIndexItDoesNotHaveAndATrackerThatKeepsTheSessions() {
		assertThat(contextOfNodeA().getBeanProvider(PrincipalSessionIds.class).getIfAvailable()).isNull();
		assertThat(contextOfNodeA().getBean(SessionTracker.class)).isInstanceOf(RedisSessionTracker.class);
	}

	@Override
	boolean isStored(String sessionId) {
		StringRedisTemplate redis = new StringRedisTemplate(contextOfNodeA().getBean(RedisConnectionFactory.class));
		return !redis.keys(NAMESPACE + ":*" + sessionId + "*").isEmpty();
	}

	@Override
	String sessionNamespace() {
		return NAMESPACE;
	}

	@Override
	Class<? extends RevocationRegistry> sharedRegistryType() {
		return RedisRevocationRegistry.class;
	}

	@Override
	Class<?> sessionRepositoryType() {
		return RedisSessionRepository.class;
	}

}

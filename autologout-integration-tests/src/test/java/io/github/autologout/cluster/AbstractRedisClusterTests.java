package io.github.autologout.cluster;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterTests} on a real Redis server, with what both of Spring Session's Redis repositories
 * share.
 */
abstract class AbstractRedisClusterTests extends ClusterTests {

	/**
	 * The namespace of Spring Session's keys.
	 * @return the namespace
	 */
	abstract String sessionNamespace();

	@Override
	void corruptAttribute(String sessionId, String attribute) {
		RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
		redis.setConnectionFactory(contextOfNodeA().getBean(RedisConnectionFactory.class));
		redis.setKeySerializer(RedisSerializer.string());
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setHashValueSerializer(RedisSerializer.byteArray());
		redis.afterPropertiesSet();
		String key = sessionNamespace() + ":sessions:" + sessionId;
		assertThat(redis.opsForHash().hasKey(key, "sessionAttr:" + attribute)).isTrue();
		redis.opsForHash().put(key, "sessionAttr:" + attribute, new byte[] { 1, 2, 3 });
	}

}

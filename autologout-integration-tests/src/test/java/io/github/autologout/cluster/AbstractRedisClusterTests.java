package io.github.autologout.cluster;

import java.net.http.HttpResponse;

import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.DataType;
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

	/** As a save of a session that expired or was deleted meanwhile can leave its hash. */
	@Test
	void sessionWhoseHashLacksAFieldSpringSessionRequiresIsSignedOutRatherThanFailingItsRequestsAndTheListings() {
		Browser incomplete = new Browser();
		incomplete.login(this.nodeA, "celia", "secret");
		Browser complete = new Browser();
		complete.login(this.nodeB, "celia", "secret");
		String incompleteId = incomplete.sessionId();
		assertThat(redis().opsForHash().delete(sessionNamespace() + ":sessions:" + incompleteId, "creationTime"))
			.isOne();

		HttpResponse<String> me = incomplete.get(this.nodeB + "/api/me");
		assertThat(me.statusCode()).as("anonymous").isEqualTo(302);
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		assertThat(forceLogout.sessions("celia", null)).extracting(SessionInfo::id)
			.containsExactly(complete.sessionId());
		assertThat(forceLogout.logout("celia")).isOne();
		assertThat(complete.get(this.nodeA + "/api/me", "Accept", "application/json").statusCode()).isEqualTo(401);
	}

	/** As only writing to the store by hand makes one. */
	@Test
	void sessionWhoseKeyHoldsAnotherTypeThanAHashIsSignedOutRatherThanFailingItsRequestsAndTheListings() {
		Browser replaced = new Browser();
		replaced.login(this.nodeA, "xavier", "secret");
		Browser kept = new Browser();
		kept.login(this.nodeB, "xavier", "secret");
		String key = sessionNamespace() + ":sessions:" + replaced.sessionId();
		RedisTemplate<String, byte[]> redis = redis();
		assertThat(redis.delete(key)).isTrue();
		redis.opsForList().rightPush(key, new byte[] { 1 });

		HttpResponse<String> me = replaced.get(this.nodeB + "/api/me");
		assertThat(me.statusCode()).as("anonymous").isEqualTo(302);
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		assertThat(forceLogout.sessions("xavier", null)).extracting(SessionInfo::id).containsExactly(kept.sessionId());
		assertThat(forceLogout.logout("xavier")).isOne();
		assertThat(kept.get(this.nodeA + "/api/me", "Accept", "application/json").statusCode()).isEqualTo(401);
		assertThat(redis.type(key)).as("left to whoever wrote it").isEqualTo(DataType.LIST);
	}

	@Override
	void corruptAttribute(String sessionId, String attribute) {
		RedisTemplate<String, byte[]> redis = redis();
		String key = sessionNamespace() + ":sessions:" + sessionId;
		assertThat(redis.opsForHash().hasKey(key, "sessionAttr:" + attribute)).isTrue();
		redis.opsForHash().put(key, "sessionAttr:" + attribute, new byte[] { 1, 2, 3 });
	}

	/** Spring Session's keys, with the hashes' values as the bytes that it stores. */
	private RedisTemplate<String, byte[]> redis() {
		RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
		redis.setConnectionFactory(contextOfNodeA().getBean(RedisConnectionFactory.class));
		redis.setKeySerializer(RedisSerializer.string());
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setHashValueSerializer(RedisSerializer.byteArray());
		redis.afterPropertiesSet();
		return redis;
	}

}

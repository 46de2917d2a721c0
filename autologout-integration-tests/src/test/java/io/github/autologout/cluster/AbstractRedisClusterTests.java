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
		assertThat(redis().opsForHash().delete(sessionKey(incomplete), "creationTime")).isOne();

		assertSignedOutAndSkippedByItsUsersListingAndForceLogout(incomplete, complete, "celia");
	}

	/** As only writing to the store by hand makes one. */
	@Test
	void sessionWhoseKeyHoldsAnotherTypeThanAHashIsSignedOutRatherThanFailingItsRequestsAndTheListings() {
		Browser replaced = new Browser();
		replaced.login(this.nodeA, "xavier", "secret");
		Browser kept = new Browser();
		kept.login(this.nodeB, "xavier", "secret");
		RedisTemplate<String, byte[]> redis = redis();
		String key = sessionKey(replaced);
		assertThat(redis.delete(key)).isTrue();
		redis.opsForList().rightPush(key, new byte[] { 1 });

		assertSignedOutAndSkippedByItsUsersListingAndForceLogout(replaced, kept, "xavier");
		assertThat(redis.type(key)).as("left to whoever wrote it").isEqualTo(DataType.LIST);
	}

	/**
	 * Asserts that a request with a session the application cannot read is anonymous, and that the
	 * listing and a force logout of its user find only the user's other session, which that ends.
	 */
	private void assertSignedOutAndSkippedByItsUsersListingAndForceLogout(Browser unreadable, Browser readable,
			String username) {
		HttpResponse<String> me = unreadable.get(this.nodeB + "/api/me");
		assertThat(me.statusCode()).as("anonymous").isEqualTo(302);
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		assertThat(forceLogout.sessions(username, null)).extracting(SessionInfo::id)
			.containsExactly(readable.sessionId());
		assertThat(forceLogout.logout(username)).isOne();
		assertThat(readable.get(this.nodeA + "/api/me", "Accept", "application/json").statusCode()).isEqualTo(401);
	}

	private String sessionKey(Browser browser) {
		return sessionNamespace() + ":sessions:" + browser.sessionId();
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

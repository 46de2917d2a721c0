package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.autologout.session.ForceLogoutService;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterTests} on a real Redis server, with what holds for both of Spring Session's Redis
 * repositories.
 */
abstract class AbstractRedisClusterTests extends ClusterTests {

	/**
	 * The namespace of Spring Session's keys.
	 * @return the namespace
	 */
	abstract String sessionNamespace();

	@Test
	void sessionThatTheApplicationCannotReadIsEndedForItAndLeavesTheUsersOtherSessionsToItsForceLogout() {
		Browser unreadable = new Browser();
		unreadable.login(this.nodeA, "amber", "secret");
		Browser readable = new Browser();
		readable.login(this.nodeB, "amber", "secret");
		corruptAttribute(unreadable, "SPRING_SECURITY_CONTEXT");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);

		HttpResponse<String> me = unreadable.get(this.nodeB + "/api/me");
		assertThat(me.statusCode()).as("anonymous").isEqualTo(302);
		assertThat(me.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		assertThat(forceLogout.sessions("amber", null)).singleElement()
			.satisfies((session) -> assertThat(session.id()).isEqualTo(sessionIdOf(readable)));
		assertThat(forceLogout.logout("amber")).isEqualTo(1);
		HttpResponse<String> forced = readable.get(this.nodeA + "/api/me", "Accept", "application/json");
		assertThat(forced.statusCode()).isEqualTo(401);
		assertThat(forced.body()).contains("\"reason\":\"forced\"");
	}

	/** Overwrites an attribute of the browser's session with bytes that deserialize to nothing. */
	private void corruptAttribute(Browser browser, String attribute) {
		RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
		redis.setConnectionFactory(contextOfNodeA().getBean(RedisConnectionFactory.class));
		redis.setKeySerializer(RedisSerializer.string());
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setHashValueSerializer(RedisSerializer.byteArray());
		redis.afterPropertiesSet();
		String key = sessionNamespace() + ":sessions:" + sessionIdOf(browser);
		assertThat(redis.opsForHash().hasKey(key, "sessionAttr:" + attribute)).isTrue();
		redis.opsForHash().put(key, "sessionAttr:" + attribute, new byte[] { 1, 2, 3 });
	}

	private static String sessionIdOf(Browser browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("SESSION")), StandardCharsets.UTF_8);
	}

}

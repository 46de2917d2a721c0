package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.redis.RedisIndexedSessionTracker;
import io.github.autologout.redis.RedisPrincipalSessionIds;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.SpringSessionIndex;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterTests} with Spring Session's indexed Redis repository on a real Redis server.
 */
class RedisIndexedClusterTests extends AbstractRedisClusterTests {

	private static final String NAMESPACE = "indexed-cluster-test";

	private static final String AUTOLOGOUT_NAMESPACE = "indexed-cluster-autologout";

	@Override
	List<String> storeProperties() {
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + EmbeddedRedis.get().port(),
				"spring.session.data.redis.repository-type=indexed",
				"spring.session.data.redis.namespace=" + NAMESPACE, "autologout.redis.namespace=" + AUTOLOGOUT_NAMESPACE,
				ClusterTestApplication.WITHOUT_JDBC);
	}

	@Test
	void forceLogoutFindsTheSessionsByTheIdsInThePrincipalIndexOfTheConfiguredNamespace() {
		new Browser().login(this.nodeA, "peggy", "secret");
		String sessionId = onlySessionOf("peggy").id();
		PrincipalSessionIds principalSessionIds = contextOfNodeA().getBean(PrincipalSessionIds.class);

		assertThat(principalSessionIds).isInstanceOf(RedisPrincipalSessionIds.class);
		assertThat(principalSessionIds.find("peggy")).containsExactly(sessionId);
		assertThat(contextOfNodeA().getBean(SpringSessionIndex.class)).extracting("principalSessionIds")
			.isSameAs(principalSessionIds);
		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).logout("peggy")).isEqualTo(1);
		assertThat(principalSessionIds.find("peggy")).isEmpty();
	}

	@Test
	void theTrackerKeepsOneCheckPerUserAndNothingPerSession() {
		assertThat(new Browser().login(this.nodeA, "quinn", "secret").statusCode()).isEqualTo(302);
		assertThat(new Browser().login(this.nodeB, "quinn", "secret").statusCode()).isEqualTo(302);
		SessionTracker tracker = contextOfNodeA().getBean(SessionTracker.class);

		assertThat(tracker).isInstanceOf(RedisIndexedSessionTracker.class);
		assertThat(tracker.sessionIds("quinn")).hasSize(2);
		assertThat(tracker.usernames()).contains("quinn");
		StringRedisTemplate redis = new StringRedisTemplate(contextOfNodeA().getBean(RedisConnectionFactory.class));
		assertThat(redis.opsForZSet().score(AUTOLOGOUT_NAMESPACE + ":tracked:users", "quinn")).isNotNull();
		assertThat(redis.keys(AUTOLOGOUT_NAMESPACE + ":u:*")).isEmpty();
	}

	@Test
	void sessionIdFromAHeaderThatNamesAnotherKeyThanASessionsIsAnUnknownId() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "kim", "secret");
		String id = browser.sessionId();
		List<String> properties = new ArrayList<>(storeProperties());
		properties.add("server.port=0");
		try (ConfigurableApplicationContext node = new SpringApplicationBuilder(ClusterTestApplication.class,
				SessionIdsInAHeader.class)
			.properties(properties.toArray(String[]::new))
			.run()) {
			String url = ClusterTestApplication.url(node);

			HttpResponse<String> forged = new Browser().get(url + "/api/me", "X-Auth-Token", "expires:" + id);
			HttpResponse<String> real = new Browser().get(url + "/api/me", "X-Auth-Token", id);

			assertThat(forged.statusCode()).as("anonymous").isEqualTo(302);
			assertThat(forged.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).endsWith("/login"));
			assertThat(real.statusCode()).as("the session it names, read from the header").isEqualTo(200);
			assertThat(real.body()).contains("kim");
		}
	}

	/** Session ids in the {@code X-Auth-Token} header, as an API's clients send them. */
	@Configuration(proxyBeanMethods = false)
	static class SessionIdsInAHeader {

		@Bean
		HttpSessionIdResolver httpSessionIdResolver() {
			return HeaderHttpSessionIdResolver.xAuthToken();
		}

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
	boolean keepsUnreadableSessionsInThePrincipalIndex() {
		return true;
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
		return RedisIndexedSessionRepository.class;
	}

}

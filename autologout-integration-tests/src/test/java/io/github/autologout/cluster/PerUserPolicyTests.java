package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.TimeoutPolicyResolver;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two logins of one user at the same instant, on two nodes of Spring Session's indexed Redis
 * repository, under an application's own per-user {@link TimeoutPolicyResolver}: each session
 * gets the user's policy, their deadlines are their own, and a force logout at that very instant
 * ends both through the index although its revocation alone would spare them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerUserPolicyTests {

	/** The policy of user {@code oscar}. */
	static final TimeoutPolicy OSCARS_POLICY = TimeoutPolicy.of(Duration.ofMinutes(3), Duration.ofMinutes(20),
			Duration.ofSeconds(30));

	/** The policy of everyone else. */
	static final TimeoutPolicy EVERYONE_ELSES_POLICY = TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(8),
			Duration.ofMinutes(1));

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private String nodeA;

	private String nodeB;

	@BeforeAll
	void startNodes() {
		this.nodeA = start();
		this.nodeB = start();
	}

	private String start() {
		ConfigurableApplicationContext node = new SpringApplicationBuilder(ClusterTestApplication.class,
				PerUserPolicy.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + EmbeddedRedis.get().port(),
					"spring.session.data.redis.repository-type=indexed",
					"spring.session.data.redis.namespace=per-user-policy-test",
					"autologout.redis.namespace=autologout-per-user-policy-test",
					ClusterTestApplication.WITHOUT_JDBC)
			.run();
		this.nodes.add(node);
		return ClusterTestApplication.url(node);
	}

	@AfterAll
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void twoLoginsOfOneUserAtTheSameInstantGetTheUsersPolicyAndAForceLogoutAtThatInstantEndsBoth() {
		Instant login = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		ClusterTestApplication.CLOCK.set(login);
		Browser laptop = new Browser();
		Browser phone = new Browser();
		Browser bystander = new Browser();
		assertThat(laptop.login(this.nodeA, "oscar", "secret").statusCode()).isEqualTo(302);
		assertThat(phone.login(this.nodeB, "oscar", "secret").statusCode()).isEqualTo(302);
		assertThat(bystander.login(this.nodeA, "peggy", "secret").statusCode()).isEqualTo(302);
		ForceLogoutService forceLogout = this.nodes.get(0).getBean(ForceLogoutService.class);
		assertThat(forceLogout.sessions("oscar", null)).hasSize(2)
			.allSatisfy((session) -> assertThat(session.authenticatedAt()).isEqualTo(login));

		for (Browser browser : List.of(laptop, phone)) {
			assertThat(browser.get(this.nodeB + "/autologout/status").body()).contains("\"idleTimeoutSeconds\":180")
				.contains("\"secondsUntilIdleEnd\":180")
				.contains("\"secondsUntilSessionEnd\":1200")
				.contains("\"warnBeforeSeconds\":30");
		}
		assertThat(bystander.get(this.nodeB + "/autologout/status").body()).contains("\"idleTimeoutSeconds\":1800")
			.contains("\"secondsUntilSessionEnd\":28800");

		// the revocation's instant is the logins' instant: it alone refuses neither, the index ends both
		assertThat(forceLogout.logout("oscar")).isEqualTo(2);
		assertThat(this.nodes.get(1).getBean(RevocationRegistry.class).find("oscar", login)).isEmpty();

		for (Browser browser : List.of(laptop, phone)) {
			for (String node : List.of(this.nodeA, this.nodeB)) {
				HttpResponse<String> me = Browser.replaying(node, browser.cookie("SESSION"))
					.get(node + "/api/me", "Accept", "application/json");
				assertThat(me.statusCode()).isEqualTo(401);
				assertThat(me.body()).contains("\"reason\":\"forced\"");
			}
		}
		assertThat(forceLogout.sessions("oscar", null)).isEmpty();
		assertThat(bystander.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);

		// logins at the revocation's instant are allowed, and their deadlines are their own
		Browser laptopAgain = new Browser();
		Browser phoneAgain = new Browser();
		assertThat(laptopAgain.login(this.nodeA, "oscar", "secret").statusCode()).isEqualTo(302);
		assertThat(phoneAgain.login(this.nodeB, "oscar", "secret").statusCode()).isEqualTo(302);
		ClusterTestApplication.CLOCK.advance(Duration.ofMinutes(2));
		assertThat(laptopAgain.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		ClusterTestApplication.CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
		HttpResponse<String> idle = phoneAgain.get(this.nodeA + "/api/me", "Accept", "application/json");
		assertThat(idle.statusCode()).isEqualTo(401);
		assertThat(idle.body()).contains("\"reason\":\"idle\"");
		assertThat(laptopAgain.get(this.nodeA + "/autologout/status").body()).contains("\"secondsUntilIdleEnd\":119");
	}

	@Configuration(proxyBeanMethods = false)
	static class PerUserPolicy {

		@Bean
		TimeoutPolicyResolver perUserPolicyResolver() {
			return (authentication) -> "oscar".equals(authentication.getName()) ? OSCARS_POLICY
					: EVERYONE_ELSES_POLICY;
		}

	}

}

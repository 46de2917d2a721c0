package io.github.autologout.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes on Spring Session's Redis repository while their Redis server (not the shared one) is
 * killed and started again on the same append-only file: during the outage every request that
 * needs the session store fails closed with a short {@code 503}, and afterwards the node serves
 * again without a restart of its own, the sessions and the revocations written before the outage
 * are still there, and a node started after the outage learns the revocations from Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTests {

	private EmbeddedRedis redis;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	void startRedis() throws IOException {
		this.redis = EmbeddedRedis.persistent(Files.createTempDirectory("redis-outage-test"));
		this.redis.start();
		ClusterTestApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	private String startNode() {
		ConfigurableApplicationContext node = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=1s",
					"spring.data.redis.connect-timeout=1s", "spring.session.data.redis.namespace=outage-test",
					"autologout.redis.namespace=autologout-outage-test",
					ClusterTestApplication.WITHOUT_JDBC)
			.run();
		this.nodes.add(node);
		return ClusterTestApplication.url(node);
	}

	@AfterAll
	void stop() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		if (this.redis != null) {
			this.redis.stop();
		}
	}

	@Test
	void outageFailsClosedWithA503AndNothingWrittenBeforeIsLost() throws Exception {
		String url = startNode();
		ConfigurableApplicationContext node = this.nodes.get(0);
		RevocationRegistry revocations = node.getBean(RevocationRegistry.class);
		assertThat(revocations).isInstanceOf(RedisRevocationRegistry.class);
		Browser alice = new Browser();
		Browser bob = new Browser();
		assertThat(alice.login(url, "alice", "secret").statusCode()).isEqualTo(302);
		assertThat(bob.login(url, "bob", "secret").statusCode()).isEqualTo(302);
		Instant bobsLogin = ClusterTestApplication.CLOCK.instant();
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		assertThat(node.getBean(ForceLogoutService.class).logout("bob")).isEqualTo(1);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		// every request of bob's traffic brings a copy of his ended session's cookie
		Traffic traffic = Traffic.start(url, alice, Browser.replaying(url, bob.cookie("SESSION")));

		this.redis.stop();
		try {
			for (Browser browser : new Browser[] { alice, bob }) {
				HttpResponse<String> page = browser.get(url + "/api/me");
				assertThat(page.statusCode()).isEqualTo(503);
				assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
				assertThat(page.body()).contains("\"status\":503").doesNotContain("Exception").doesNotContain("at ");
			}
			assertThat(new Browser().get(url + "/login").statusCode()).isEqualTo(503);
			for (Browser browser : new Browser[] { alice, bob, new Browser() }) {
				OutagePage.assertUnavailablePage(browser.get(url + "/api/me", OutagePage.PAGE_LOAD));
				OutagePage.assertUnavailablePage(browser.get(url + "/", OutagePage.PAGE_LOAD));
			}
			OutagePage.assertUnavailablePage(new Browser().get(url + "/login", OutagePage.PAGE_LOAD));
			assertThat(revocations.find("bob", bobsLogin)).as("the node's own copy still refuses bob").isPresent();
		}
		finally {
			this.redis.start();
		}

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(alice.get(url + "/api/me").statusCode()).isEqualTo(200));
		traffic.stop();
		String newNode = startNode();

		traffic.assertEveryAnswerWasTheOutageOrTheUsualOne();
		for (String anyNode : List.of(url, newNode)) {
			assertThat(alice.get(anyNode + "/api/me").statusCode()).as("signed in before the outage").isEqualTo(200);
			HttpResponse<String> refused = Browser.replaying(anyNode, bob.cookie("SESSION"))
				.get(anyNode + "/api/me", "Accept", "application/json");
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.body()).contains("\"reason\":\"forced\"");
		}
		assertThat(this.nodes.get(1).getBean(RevocationRegistry.class).find("bob", bobsLogin))
			.as("a node started after the outage learned the revocation from Redis")
			.isPresent();
		assertThat(this.nodes.get(1).getBean(RevocationRegistry.class).find("alice", bobsLogin)).isEmpty();
		Browser bobAgain = new Browser();
		assertThat(bobAgain.login(newNode, "bob", "secret").statusCode()).isEqualTo(302);
		assertThat(bobAgain.get(url + "/api/me").statusCode()).as("a login after the revocation is allowed")
			.isEqualTo(200);
	}

}

package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.redis.RedisRevocationRegistry;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One node on Spring Session's Redis repository while the shared Redis server stops and starts
 * again: during the outage every request that needs the session store fails closed with a short
 * {@code 503}, and afterwards the node serves again without a restart of its own and still
 * refuses what was revoked before the outage.
 * <p>
 * The test server keeps no data across a restart (no RDB, no AOF), so the sessions and the
 * revocation hash are gone afterwards; the revocations live on in the node's own copy. The server
 * is started again in a {@code finally} block, since every test class of this JVM shares it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTests {

	private ConfigurableApplicationContext node;

	private String url;

	@BeforeAll
	void startNode() {
		this.node = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + EmbeddedRedis.get().port(), "spring.data.redis.timeout=1s",
					"spring.data.redis.connect-timeout=1s", "spring.session.data.redis.namespace=outage-test",
					"autologout.redis.namespace=autologout-outage-test",
					"spring.autoconfigure.exclude="
							+ "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration,"
							+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
			.run();
		this.url = "http://127.0.0.1:" + ((WebServerApplicationContext) this.node).getWebServer().getPort();
		ClusterTestApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	@AfterAll
	void stopNode() {
		if (this.node != null) {
			this.node.getBean(ForceLogoutService.class).logoutEveryone();
			this.node.close();
		}
	}

	@Test
	void outageFailsClosedWithA503AndTheNodeServesAgainAfterwards() {
		RevocationRegistry revocations = this.node.getBean(RevocationRegistry.class);
		assertThat(revocations).isInstanceOf(RedisRevocationRegistry.class);
		Browser alice = new Browser();
		Browser bob = new Browser();
		assertThat(alice.login(this.url, "alice", "secret").statusCode()).isEqualTo(302);
		assertThat(bob.login(this.url, "bob", "secret").statusCode()).isEqualTo(302);
		Instant bobsLogin = ClusterTestApplication.CLOCK.instant();
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		assertThat(this.node.getBean(ForceLogoutService.class).logout("bob")).isEqualTo(1);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));

		EmbeddedRedis.get().stop();
		try {
			for (Browser browser : new Browser[] { alice, bob }) {
				HttpResponse<String> page = browser.get(this.url + "/api/me");
				assertThat(page.statusCode()).isEqualTo(503);
				assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
				assertThat(page.body()).contains("\"status\":503").doesNotContain("Exception").doesNotContain("at ");
			}
			assertThat(new Browser().get(this.url + "/login").statusCode()).isEqualTo(503);
			for (Browser browser : new Browser[] { alice, bob, new Browser() }) {
				OutagePage.assertUnavailablePage(browser.get(this.url + "/api/me", OutagePage.PAGE_LOAD));
				OutagePage.assertUnavailablePage(browser.get(this.url + "/", OutagePage.PAGE_LOAD));
			}
			OutagePage.assertUnavailablePage(new Browser().get(this.url + "/login", OutagePage.PAGE_LOAD));
			assertThat(revocations.find("bob", bobsLogin)).as("the node's own copy still refuses bob").isPresent();
		}
		finally {
			EmbeddedRedis.get().start();
		}

		Browser carol = new Browser();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(IllegalStateException.class) // the login page may still answer 503
			.untilAsserted(() -> assertThat(carol.login(this.url, "carol", "secret").statusCode()).isEqualTo(302));
		assertThat(carol.get(this.url + "/api/me").statusCode()).isEqualTo(200);
		assertThat(alice.get(this.url + "/api/me").statusCode()).as("the session was lost with the server's data")
			.isEqualTo(302);
		assertThat(revocations.find("bob", bobsLogin)).as("revoked before the outage, still refused").isPresent();
		Browser bobAgain = new Browser();
		assertThat(bobAgain.login(this.url, "bob", "secret").statusCode()).isEqualTo(302);
		assertThat(bobAgain.get(this.url + "/api/me").statusCode()).as("a login after the revocation is allowed")
			.isEqualTo(200);
	}

}

package io.github.autologout.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.jdbc.JdbcRevocationRegistry;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.EmbeddedRedis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One node on Spring Session JDBC while its own PostgreSQL server (not the shared one) stops and
 * starts again on the same data directory: during the outage every request fails closed with a
 * short {@code 503}; afterwards the node serves again without a restart, the sessions and the
 * revocations written before the outage are still there, and a revoked login is still refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOutageTests {

	private EmbeddedPostgres.Builder builder;

	private EmbeddedPostgres postgres;

	private ConfigurableApplicationContext node;

	private String url;

	@BeforeAll
	void start() throws IOException {
		Path data = Files.createTempDirectory("postgres-outage-test");
		this.builder = EmbeddedPostgres.builder()
			.setPort(EmbeddedRedis.freePort())
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setServerConfig("listen_addresses", "127.0.0.1");
		this.postgres = this.builder.start();
		this.node = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
					"spring.datasource.username=postgres", "spring.datasource.password=postgres",
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500",
					"spring.session.jdbc.initialize-schema=always", "autologout.jdbc.initialize-schema=always",
					ClusterTestApplication.WITHOUT_REDIS)
			.run();
		this.url = ClusterTestApplication.url(this.node);
		ClusterTestApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	@AfterAll
	void stop() throws IOException {
		if (this.node != null) {
			this.node.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void outageFailsClosedWithA503AndNothingWrittenBeforeIsLost() throws Exception {
		RevocationRegistry revocations = this.node.getBean(RevocationRegistry.class);
		assertThat(revocations).isInstanceOf(JdbcRevocationRegistry.class);
		Browser alice = new Browser();
		Browser bob = new Browser();
		assertThat(alice.login(this.url, "alice", "secret").statusCode()).isEqualTo(302);
		assertThat(bob.login(this.url, "bob", "secret").statusCode()).isEqualTo(302);
		Instant bobsLogin = ClusterTestApplication.CLOCK.instant();
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		assertThat(this.node.getBean(ForceLogoutService.class).logout("bob")).isEqualTo(1);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		// every request of bob's traffic brings a copy of his ended session's cookie
		Traffic traffic = Traffic.start(this.url, alice, Browser.replaying(this.url, bob.cookie("SESSION")));

		this.postgres.close();
		try {
			for (Browser browser : new Browser[] { alice, bob }) {
				HttpResponse<String> page = browser.get(this.url + "/api/me");
				assertThat(page.statusCode()).isEqualTo(503);
				assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(page.body()).contains("\"status\":503").doesNotContain("Exception");
			}
			for (Browser browser : new Browser[] { alice, bob, new Browser() }) {
				OutagePage.assertUnavailablePage(browser.get(this.url + "/api/me", OutagePage.PAGE_LOAD));
				OutagePage.assertUnavailablePage(browser.get(this.url + "/", OutagePage.PAGE_LOAD));
			}
			OutagePage.assertUnavailablePage(new Browser().get(this.url + "/login", OutagePage.PAGE_LOAD));
			assertThat(revocations.find("bob", bobsLogin)).isPresent();
		}
		finally {
			this.postgres = this.builder.start();
		}

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(alice.get(this.url + "/api/me").statusCode()).isEqualTo(200));
		traffic.stop();
		traffic.assertEveryAnswerWasTheOutageOrTheUsualOne();
		HttpResponse<String> refused = bob.get(this.url + "/api/me", "Accept", "application/json");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("\"reason\":\"forced\"");
		assertThat(JdbcClient.create(this.node.getBean(javax.sql.DataSource.class))
			.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?")
			.param("alice")
			.query(Long.class)
			.single()).as("alice's session row survived the restart").isEqualTo(1);
		JdbcRevocationRegistry fresh = new JdbcRevocationRegistry(this.node.getBean(javax.sql.DataSource.class),
				ClusterTestApplication.CLOCK, Duration.ofHours(12));
		fresh.afterPropertiesSet();
		try {
			assertThat(fresh.find("bob", bobsLogin)).as("a node started now still refuses bob").isPresent();
			assertThat(fresh.find("alice", bobsLogin)).isEmpty();
		}
		finally {
			fresh.destroy();
		}
	}

}

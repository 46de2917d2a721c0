package io.github.autologout.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.test.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JdbcRevocationRegistry} against a real PostgreSQL server, with two
 * registries standing for two nodes.
 */
class JdbcRevocationRegistryTests {

	private static final Duration RETENTION = Duration.ofHours(1);

	private final Clock clock = Clock.systemUTC();

	private DriverManagerDataSource dataSource;

	private JdbcRevocationRegistry nodeA;

	private JdbcRevocationRegistry nodeB;

	@BeforeEach
	void startNodes() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		this.dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
		JdbcClient.create(this.dataSource).sql("DELETE FROM AUTOLOGOUT_REVOCATION").update();
		this.nodeA = node();
		this.nodeB = node();
	}

	private JdbcRevocationRegistry node() {
		JdbcRevocationRegistry registry = new JdbcRevocationRegistry(this.dataSource, this.clock, RETENTION);
		registry.setPollInterval(Duration.ofMillis(200));
		registry.afterPropertiesSet();
		return registry;
	}

	@AfterEach
	void stopNodes() {
		this.nodeA.destroy();
		this.nodeB.destroy();
	}

	@Test
	void revocationOnOneNodeRefusesAtOnceOnThatNode() {
		Instant login = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		assertThat(this.nodeA.find("alice", login)).map(Revocation::reason).contains(LogoutReason.FORCED);
	}

	@Test
	void revocationOnOneNodeReachesTheOtherNodeWithinAPoll() {
		Instant login = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(login.plusMillis(1), LogoutReason.DISABLED));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.nodeB.find("alice", login)).map(Revocation::reason)
				.contains(LogoutReason.DISABLED));
		assertThat(this.nodeB.find("bob", login)).isEmpty();
	}

	@Test
	void revocationOfEveryoneReachesTheOtherNode() {
		Instant login = this.clock.instant();
		this.nodeA.revokeEveryone(new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.nodeB.find("carol", login)).isPresent());
	}

	@Test
	void anEarlierRevocationNeverReplacesALaterOneInTheTable() {
		Instant now = this.clock.instant();
		this.nodeA.revokeUser("alice", new Revocation(now.plusSeconds(60), LogoutReason.FORCED));
		this.nodeB.revokeUser("alice", new Revocation(now, LogoutReason.CREDENTIALS_CHANGED));
		JdbcRevocationRegistry late = node();
		try {
			assertThat(late.find("alice", now.plusSeconds(30))).map(Revocation::reason).contains(LogoutReason.FORCED);
		}
		finally {
			late.destroy();
		}
	}

	@Test
	void oddUsernamesAreKeptApart() {
		Instant login = this.clock.instant();
		String odd = "' OR 1=1 --*% :名字";
		this.nodeA.revokeUser(odd, new Revocation(login.plusMillis(1), LogoutReason.FORCED));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.nodeB.find(odd, login)).isPresent());
		assertThat(this.nodeB.find("alice", login)).isEmpty();
	}

	@Test
	void endedSessionIsFoundByIdOnEveryNode() {
		this.nodeA.revokeSession("session-1", LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-1")).contains(LogoutReason.FORCED);
		assertThat(this.nodeB.findSession("session-2")).isEmpty();
	}

}

package io.github.autologout.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.SharedRevocationRegistryContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JdbcRevocationRegistry} against a real PostgreSQL server; each node polls the
 * table on its own. The table is emptied when each test's instance is made, before the nodes
 * start.
 */
class JdbcRevocationRegistryTests extends SharedRevocationRegistryContractTests {

	private final DriverManagerDataSource dataSource = dataSource();

	private final List<JdbcRevocationRegistry> nodes = new ArrayList<>();

	private static DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	JdbcRevocationRegistryTests() {
		createSchema();
		JdbcClient.create(this.dataSource).sql("DELETE FROM AUTOLOGOUT_REVOCATION").update();
	}

	private void createSchema() {
		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
	}

	@Override
	protected JdbcRevocationRegistry newNode() {
		JdbcRevocationRegistry registry = new JdbcRevocationRegistry(this.dataSource, Clock.systemUTC(),
				Duration.ofHours(1));
		registry.setPollInterval(Duration.ofMillis(200));
		registry.afterPropertiesSet();
		this.nodes.add(registry);
		return registry;
	}

	@Test
	void findLatestSeesInTheTableARevocationThatThisNodeHasNotPolledYetAndKeepsIt() {
		JdbcRevocationRegistry other = newNode();
		JdbcRevocationRegistry slow = new JdbcRevocationRegistry(this.dataSource, Clock.systemUTC(),
				Duration.ofHours(1));
		slow.setPollInterval(Duration.ofHours(1));
		slow.afterPropertiesSet();
		this.nodes.add(slow);
		other.revokeUser("erin", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		other.revokeEveryone(new Revocation(this.login.minusSeconds(60), LogoutReason.FORCED));
		assertThat(slow.find("erin", this.login)).as("not polled yet").isEmpty();

		assertThat(slow.findLatest("erin", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(slow.find("erin", this.login)).as("kept in the node's copy").isPresent();
		assertThat(slow.findLatest("frank", this.login.minusSeconds(61))).as("everyone's revocation").isPresent();
		assertThat(slow.findLatest("frank", this.login)).isEmpty();
		assertThat(slow.findLatest("nul\u0000name", this.login.minusSeconds(61))).as("a name the table cannot hold")
			.isPresent();
	}

	@Test
	void theSchemaScriptUpgradesTheTableOfEarlierSnapshotsWhoseRevocationsStillCount() {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		jdbc.sql("DROP TABLE AUTOLOGOUT_REVOCATION").update();
		jdbc.sql("CREATE TABLE AUTOLOGOUT_REVOCATION (KIND CHAR(1) NOT NULL, NAME VARCHAR(1024) NOT NULL, "
				+ "NOT_BEFORE BIGINT NOT NULL, REASON VARCHAR(32) NOT NULL, "
				+ "CONSTRAINT AUTOLOGOUT_REVOCATION_PK PRIMARY KEY (KIND, NAME))")
			.update();
		jdbc.sql("INSERT INTO AUTOLOGOUT_REVOCATION VALUES ('U', 'alice', ?, 'forced')")
			.param(this.login.toEpochMilli() + 1)
			.update();

		createSchema();
		createSchema();

		RevocationRegistry started = newNode();
		RevocationRegistry other = newNode();
		assertThat(started.find("alice", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		started.revokeUser("bob", new Revocation(this.login.plusMillis(1), LogoutReason.DISABLED));
		await().atMost(PROPAGATION).untilAsserted(() -> assertThat(other.find("bob", this.login)).isPresent());
	}

	@Test
	void revocationsThatANewerVersionRecordedWithAReasonThisOneDoesNotKnowRefuseAsForced() {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		long now = System.currentTimeMillis();
		jdbc.sql("INSERT INTO AUTOLOGOUT_REVOCATION VALUES ('U', 'future', ?, 'ended_by_robot', ?)")
			.params(this.login.toEpochMilli() + 1, now)
			.update();
		jdbc.sql("INSERT INTO AUTOLOGOUT_REVOCATION VALUES ('S', 'session-of-the-future', ?, 'ended_by_robot', ?)")
			.params(now, now)
			.update();

		RevocationRegistry node = newNode();

		assertThat(node.find("future", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(node.findSession("session-of-the-future")).contains(LogoutReason.FORCED);
	}

	@Test
	void aUsersOwnEndOfTheirSessionsIsRecordedWithItsReasonForTheOtherNodes() {
		RevocationRegistry node = newNode();

		node.revokeUser("dora", new Revocation(this.login.plusMillis(1), LogoutReason.ENDED_BY_USER));

		assertThat(JdbcClient.create(this.dataSource)
			.sql("SELECT REASON FROM AUTOLOGOUT_REVOCATION WHERE KIND = 'U' AND NAME = 'dora'")
			.query(String.class)
			.single()).isEqualTo("ended_by_user");
		assertThat(newNode().find("dora", this.login)).map(Revocation::reason).contains(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void callersTransactionKeepsItsOwnChangesWhenASessionItRevokesWasRecordedByAnotherNodeBefore() {
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.dataSource);
		JdbcRevocationRegistry node = newNode();
		assertThat(newNode().revokeSession("ended-by-the-expiry-pass", LogoutReason.IDLE)).isTrue();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		jdbc.sql("CREATE TABLE IF NOT EXISTS CALLER_AUDIT (NOTE VARCHAR(64) NOT NULL)").update();
		jdbc.sql("DELETE FROM CALLER_AUDIT").update();

		new TransactionTemplate(transactionManager).executeWithoutResult((status) -> {
			jdbc.sql("INSERT INTO CALLER_AUDIT (NOTE) VALUES ('bob signed out')").update();
			assertThat(node.revokeSessions(List.of("ended-by-the-expiry-pass", "live"), LogoutReason.FORCED))
				.containsExactly("live");
			assertThat(node.revokeSession("ended-by-the-expiry-pass", LogoutReason.FORCED)).isFalse();
			jdbc.sql("INSERT INTO CALLER_AUDIT (NOTE) VALUES ('bob''s sessions ended')").update();
		});

		assertThat(jdbc.sql("SELECT NOTE FROM CALLER_AUDIT").query(String.class).list())
			.containsExactlyInAnyOrder("bob signed out", "bob's sessions ended");
		assertThat(node.findSession("ended-by-the-expiry-pass")).contains(LogoutReason.IDLE);
	}

	@Test
	void callersRollbackDoesNotUndoARevocation() {
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.dataSource);
		JdbcRevocationRegistry node = newNode();

		new TransactionTemplate(transactionManager).executeWithoutResult((status) -> {
			node.revokeUser("bob", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
			node.revokeEveryone(new Revocation(this.login, LogoutReason.FORCED));
			node.revokeSessions(List.of("bobs-phone"), LogoutReason.FORCED);
			status.setRollbackOnly();
		});

		RevocationRegistry started = newNode();
		assertThat(started.find("bob", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(started.find("alice", this.login.minusMillis(1))).isPresent();
		assertThat(started.findSession("bobs-phone")).contains(LogoutReason.FORCED);
	}

	@Test
	void connectionThatACallerBoundToTheDataSourceIsNotUsedAsJpasTransactionManagerBindsItsOwn() throws Exception {
		JdbcRevocationRegistry node = newNode();
		Connection callers = this.dataSource.getConnection();
		callers.setAutoCommit(false);
		TransactionSynchronizationManager.bindResource(this.dataSource, new ConnectionHolder(callers));
		try {
			node.revokeUser("bob", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		}
		finally {
			TransactionSynchronizationManager.unbindResource(this.dataSource);
			callers.rollback();
			callers.close();
		}

		assertThat(newNode().find("bob", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
	}

	@Test
	void revocationsArePersistedFromAPoolWhoseConnectionsDoNotAutoCommit() {
		DataSource withoutAutoCommit = new DelegatingDataSource(this.dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				connection.setAutoCommit(false);
				return connection;
			}

		};
		JdbcRevocationRegistry node = new JdbcRevocationRegistry(withoutAutoCommit, Clock.systemUTC(),
				Duration.ofHours(1));

		node.revokeUser("bob", new Revocation(this.login.plusMillis(1), LogoutReason.FORCED));
		assertThat(node.revokeSession("bobs-phone", LogoutReason.FORCED)).isTrue();

		RevocationRegistry started = newNode();
		assertThat(started.find("bob", this.login)).map(Revocation::reason).contains(LogoutReason.FORCED);
		assertThat(started.findSession("bobs-phone")).contains(LogoutReason.FORCED);
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(JdbcRevocationRegistry::destroy);
	}

}

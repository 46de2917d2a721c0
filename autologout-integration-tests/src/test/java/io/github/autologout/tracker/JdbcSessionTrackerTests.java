package io.github.autologout.tracker;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.SessionTrackerContractTests;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Tests for {@link JdbcSessionTracker} on a real PostgreSQL server; each node has its own
 * connections.
 */
class JdbcSessionTrackerTests extends SessionTrackerContractTests {

	private DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	@BeforeEach
	void emptyTables() {
		DriverManagerDataSource dataSource = dataSource();
		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(dataSource);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("DELETE FROM AUTOLOGOUT_SESSION").update();
		jdbc.sql("DELETE FROM AUTOLOGOUT_LAST_SEEN").update();
	}

	@Override
	protected SessionTracker newNode() {
		return new JdbcSessionTracker(dataSource());
	}

}

package io.github.autologout.tracker;

import java.util.function.BooleanSupplier;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.jdbc.JdbcPrincipalSessionIds;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.jdbc.SpringSessionTables;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.session.FailingPrincipalSessionIds;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.PerUserTrackerContractTests;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Tests for {@link JdbcSessionTracker} on a real PostgreSQL server, with the sessions of a real
 * {@link JdbcIndexedSessionRepository}; each node has its own connections.
 */
class JdbcSessionTrackerTests extends PerUserTrackerContractTests {

	private static final String TABLE = "AUTOLOGOUT_TRACKER_TEST_SESSION";

	private final DriverManagerDataSource dataSource = dataSource();

	private final JdbcIndexedSessionRepository repository = SpringSessionTables.repository(this.dataSource, TABLE);

	private static DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	/**
	 * Creates autologout's tables and Spring Session's, under a name of this test's own, and
	 * empties them.
	 */
	@BeforeEach
	void emptyTables() {
		SpringSessionTables.recreate(this.dataSource, TABLE);
		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
		new JdbcTemplate(this.dataSource).update("DELETE FROM AUTOLOGOUT_USER");
	}

	@Override
	protected SessionTracker newNode() {
		return newNodeFailingToReadSessionsWhile(() -> false);
	}

	@Override
	protected SessionTracker newNodeFailingToReadSessionsWhile(BooleanSupplier failing) {
		DriverManagerDataSource dataSource = dataSource();
		return new JdbcSessionTracker(dataSource,
				FailingPrincipalSessionIds.failingWhile(new JdbcPrincipalSessionIds(dataSource, TABLE), failing));
	}

	@Override
	protected String session(String username) {
		return AuthenticatedSessions.save(this.repository, username);
	}

	@Override
	protected void endSession(String sessionId) {
		this.repository.deleteById(sessionId);
	}

}

package io.github.autologout.tracker;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.jdbc.JdbcPrincipalSessionIds;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.jdbc.SpringSessionTables;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.session.FailingPrincipalSessionIds;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.PerUserTrackerContractTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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

	/**
	 * A last-seen instant far in the future, which only another client can have written, must
	 * neither fail the claims (its grace added to {@code Long.MAX_VALUE} overflows the column) nor
	 * put the user out of their reach.
	 */
	@ParameterizedTest
	@ValueSource(longs = { Long.MAX_VALUE, 32503680000000L })
	void aLastSeenInstantFarInTheFutureGivesNoGraceFailsNoClaimAndTheClaimsLeaseStillLapses(long lastSeen) {
		SessionTracker tracker = newNode();
		String id = tracked(tracker, "alice", this.now.minusSeconds(5));
		new JdbcTemplate(this.dataSource).update("UPDATE AUTOLOGOUT_USER SET LAST_SEEN = ? WHERE PRINCIPAL_NAME = ?",
				lastSeen, "alice");

		assertThat(tracker.claimDue(this.now, 10)).extracting(TrackedSession::sessionId).containsExactly(id);
		assertThat(tracker.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), 10))
			.extracting(TrackedSession::sessionId).as("due again once the lease lapses").containsExactly(id);
	}

	@Test
	void sessionTrackedInACallersTransactionThatRollsBackStaysTracked() {
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.dataSource);
		JdbcSessionTracker tracker = new JdbcSessionTracker(this.dataSource,
				new JdbcPrincipalSessionIds(this.dataSource, TABLE));
		Instant login = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String sessionId = session("alice");

		new TransactionTemplate(transactionManager).executeWithoutResult((status) -> {
			tracker.seen("alice", login);
			tracker.track(new TrackedSession(sessionId, "alice", login.plusSeconds(60)));
			status.setRollbackOnly();
		});

		assertThat(tracker.usernames()).containsExactly("alice");
		assertThat(tracker.lastSeen("alice")).contains(login);
		assertThat(tracker.claimDue(login.plusSeconds(60), 10)).extracting(TrackedSession::sessionId)
			.containsExactly(sessionId);
	}

	@Test
	void theTableAsEarlierSnapshotsCreatedItGainsTheLeaseAndKeepsItsUsers() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("DROP TABLE AUTOLOGOUT_USER");
		jdbc.execute("CREATE TABLE AUTOLOGOUT_USER (PRINCIPAL_NAME VARCHAR(1024) NOT NULL, CHECK_AT BIGINT, "
				+ "LAST_SEEN BIGINT, CONSTRAINT AUTOLOGOUT_USER_PK PRIMARY KEY (PRINCIPAL_NAME))");
		String sessionId = session("alice");
		jdbc.update("INSERT INTO AUTOLOGOUT_USER (PRINCIPAL_NAME, CHECK_AT) VALUES (?, ?)", "alice",
				this.now.minusSeconds(5).toEpochMilli());

		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);

		SessionTracker tracker = newNode();
		assertThat(tracker.claimDue(this.now, 10))
			.containsExactly(new TrackedSession(sessionId, "alice", this.now.minusSeconds(5)));
		assertThat(tracker.claimDue(this.now, 10)).as("leased").isEmpty();
		assertThat(tracker.claimDue(this.now.plus(SessionTracker.CLAIM_LEASE), 10)).extracting(TrackedSession::sessionId)
			.containsExactly(sessionId);
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

package io.github.autologout.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.SpringSessionLookup;
import io.github.autologout.jdbc.JdbcRevocationRegistry;
import io.github.autologout.jdbc.JdbcSessionIndex;
import io.github.autologout.jdbc.JdbcPrincipalSessionIds;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.jdbc.PrincipalSessionsQueryCustomizer;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.test.EmbeddedPostgresServer;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.serializer.DefaultDeserializer;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real PostgreSQL server ({@link EmbeddedPostgresServer}) with Spring Session's JDBC tables and
 * autologout's tables.
 */
final class JdbcStore implements Store {

	private final HikariDataSource dataSource;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcIndexedSessionRepository repository;

	private final JdbcSessionTracker tracker;

	private final JdbcRevocationRegistry registry;

	private final SerializingConverter serializer = new SerializingConverter();

	JdbcStore() {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.get();
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(server.jdbcUrl() + "&reWriteBatchedInserts=true");
		this.dataSource.setUsername(server.username());
		this.dataSource.setPassword(server.password());
		this.dataSource.setMaximumPoolSize(8);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.jdbc.execute("DROP TABLE IF EXISTS SPRING_SESSION_ATTRIBUTES, SPRING_SESSION, AUTOLOGOUT_USER, "
				+ "AUTOLOGOUT_REVOCATION");
		new ResourceDatabasePopulator(new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql"),
				new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
		this.repository = new JdbcIndexedSessionRepository(this.jdbc, this.transactions);
		this.repository.setDefaultMaxInactiveInterval(IDLE);
		new PrincipalSessionsQueryCustomizer().customize(this.repository);
		this.repository.afterPropertiesSet();
		this.tracker = new JdbcSessionTracker(this.dataSource, new JdbcPrincipalSessionIds(this.dataSource, "SPRING_SESSION"));
		this.registry = new JdbcRevocationRegistry(this.dataSource, Clock.systemUTC(), Duration.ofHours(12));
		this.registry.afterPropertiesSet();
	}

	@Override
	public String name() {
		return "PostgreSQL 14 (JdbcIndexedSessionRepository)";
	}

	@Override
	public void clear() {
		this.jdbc.execute("TRUNCATE SPRING_SESSION_ATTRIBUTES, SPRING_SESSION, AUTOLOGOUT_USER, "
				+ "AUTOLOGOUT_REVOCATION");
	}

	/**
	 * Inserts in batches the rows that {@link JdbcIndexedSessionRepository#save} writes (a session
	 * row with its principal name and one row per attribute, JDK-serialized) and the rows that
	 * {@link JdbcSessionTracker#track} writes.
	 */
	@Override
	public void fill(int sessions, int sessionsPerUser) {
		long now = Instant.now().toEpochMilli();
		Map<String, Object> attributes = new HashMap<>();
		SessionTimesAttributes.write(attributes::put, SessionTimes.authenticatedAt(Instant.ofEpochMilli(now)));
		byte[] times = this.serializer.convert(attributes.get(SessionTimesAttributes.NAME));
		int batch = 5000;
		for (int start = 0; start < sessions; start += batch) {
			List<Object[]> sessionRows = new ArrayList<>();
			List<Object[]> attributeRows = new ArrayList<>();
			List<Object[]> trackerRows = new ArrayList<>();
			for (int i = start; i < Math.min(sessions, start + batch); i++) {
				String primaryId = UUID.randomUUID().toString();
				String sessionId = UUID.randomUUID().toString();
				String username = "bg-" + (i / sessionsPerUser);
				sessionRows.add(new Object[] { primaryId, sessionId, now, now, (int) IDLE.toSeconds(),
						now + IDLE.toMillis(), username });
				attributeRows.add(new Object[] { primaryId, HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
						this.serializer.convert(Store.securityContext(username, sessionId)) });
				attributeRows.add(new Object[] { primaryId, SessionTimesAttributes.NAME, times });
				if (i % sessionsPerUser == 0) {
					trackerRows.add(new Object[] { username, now + IDLE.toMillis(), now });
				}
			}
			this.jdbc.batchUpdate("INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, "
					+ "LAST_ACCESS_TIME, MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, ?, ?, ?, ?, ?)",
					sessionRows);
			this.jdbc.batchUpdate("INSERT INTO SPRING_SESSION_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, "
					+ "ATTRIBUTE_BYTES) VALUES (?, ?, ?)", attributeRows);
			this.jdbc.batchUpdate("INSERT INTO AUTOLOGOUT_USER (PRINCIPAL_NAME, CHECK_AT, LAST_SEEN) VALUES (?, ?, ?)",
					trackerRows);
		}
		this.jdbc.execute("ANALYZE");
	}

	@Override
	public List<String> createSessions(String username, int count, Instant lastActivity) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(Store.save(this.repository, this.tracker, username, lastActivity, true));
		}
		return ids;
	}

	/**
	 * The index that the starter configures for Spring Session JDBC: one batch of deletes per
	 * logout, no executor.
	 */
	@Override
	public SessionIndex index() {
		return new JdbcSessionIndex(this.repository, this.tracker, this.dataSource,
				JdbcIndexedSessionRepository.DEFAULT_TABLE_NAME);
	}

	JdbcIndexedSessionRepository repository() {
		return this.repository;
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public SessionLookup lookup() {
		return new SpringSessionLookup<>(this.repository);
	}

	@Override
	public RevocationRegistry registry() {
		return this.registry;
	}

	@Override
	public SessionTracker tracker() {
		return this.tracker;
	}

	@Override
	public int naiveScan(String username) {
		DefaultDeserializer deserializer = new DefaultDeserializer();
		Integer found = this.transactions.execute((status) -> {
			int[] count = new int[1];
			JdbcTemplate streaming = new JdbcTemplate(this.dataSource);
			streaming.setFetchSize(1000);
			streaming.query("SELECT S.SESSION_ID, A.ATTRIBUTE_BYTES FROM SPRING_SESSION S JOIN SPRING_SESSION_ATTRIBUTES A "
					+ "ON S.PRIMARY_ID = A.SESSION_PRIMARY_ID WHERE A.ATTRIBUTE_NAME = ?", (rs) -> {
						try {
							Object context = deserializer.deserialize(new ByteArrayInputStream(rs.getBytes(2)));
							if (context instanceof SecurityContext security && security.getAuthentication() != null
									&& username.equals(security.getAuthentication().getName())) {
								count[0]++;
							}
						}
						catch (IOException ex) {
							throw new IllegalStateException(ex);
						}
					}, HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			return count[0];
		});
		return (found != null) ? found : 0;
	}

	/**
	 * Measures the attribute as what its rows add to Spring Session's attributes table and its
	 * primary key: two copies of the table, with and without them, each written in the table's
	 * order and indexed alike, are compared whole. The tracker is the whole {@code AUTOLOGOUT_USER}
	 * table with its indexes, one row per user.
	 */
	@Override
	public void memory(int sessions, PrintStream out) {
		this.jdbc.execute("DROP TABLE IF EXISTS MEMORY_WITH, MEMORY_WITHOUT");
		this.jdbc.execute("CREATE TABLE MEMORY_WITH AS SELECT * FROM SPRING_SESSION_ATTRIBUTES");
		this.jdbc.update("CREATE TABLE MEMORY_WITHOUT AS SELECT * FROM SPRING_SESSION_ATTRIBUTES WHERE ATTRIBUTE_NAME <> ?",
				SessionTimesAttributes.NAME);
		this.jdbc.execute("ALTER TABLE MEMORY_WITH ADD PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)");
		this.jdbc.execute("ALTER TABLE MEMORY_WITHOUT ADD PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)");
		this.jdbc.execute("VACUUM ANALYZE MEMORY_WITH");
		this.jdbc.execute("VACUUM ANALYZE MEMORY_WITHOUT");
		long rows = count("SELECT COUNT(*) FROM SPRING_SESSION_ATTRIBUTES WHERE ATTRIBUTE_NAME = ?",
				SessionTimesAttributes.NAME);
		long heap = count("SELECT PG_TABLE_SIZE('memory_with') - PG_TABLE_SIZE('memory_without')");
		long total = count("SELECT PG_TOTAL_RELATION_SIZE('memory_with') - PG_TOTAL_RELATION_SIZE('memory_without')");
		this.jdbc.execute("DROP TABLE MEMORY_WITH, MEMORY_WITHOUT");
		out.printf("  '%s' attribute rows (%d): %.1f B per session with the primary-key entry, %.1f B of heap%n",
				SessionTimesAttributes.NAME, rows, total / (double) rows, heap / (double) rows);
		long users = count("SELECT COUNT(*) FROM AUTOLOGOUT_USER");
		long tracked = count("SELECT COUNT(*) FROM SPRING_SESSION S WHERE EXISTS "
				+ "(SELECT 1 FROM AUTOLOGOUT_USER U WHERE U.PRINCIPAL_NAME = S.PRINCIPAL_NAME AND U.CHECK_AT IS NOT NULL)");
		long tracker = count("SELECT PG_TOTAL_RELATION_SIZE('autologout_user')");
		out.printf("  AUTOLOGOUT_USER with its indexes: %d B for %d users: %.1f B per user, %.1f B per session of "
				+ "the %d sessions of tracked users%n", tracker, users, tracker / (double) users,
				tracker / (double) tracked, tracked);
		out.printf("  autologout state per session: %.1f B%n", total / (double) rows + tracker / (double) tracked);
	}

	private long count(String sql, Object... args) {
		Long value = this.jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

	@Override
	public void close() {
		this.registry.destroy();
		try {
			this.repository.destroy();
		}
		catch (Exception ex) {
			// closing anyway
		}
		this.dataSource.close();
	}

}

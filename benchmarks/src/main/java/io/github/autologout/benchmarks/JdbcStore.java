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
		this.jdbc.execute("DROP TABLE IF EXISTS SPRING_SESSION_ATTRIBUTES, SPRING_SESSION, AUTOLOGOUT_SESSION, "
				+ "AUTOLOGOUT_LAST_SEEN, AUTOLOGOUT_REVOCATION");
		new ResourceDatabasePopulator(new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql"),
				new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
		this.repository = new JdbcIndexedSessionRepository(this.jdbc, this.transactions);
		this.repository.setDefaultMaxInactiveInterval(IDLE);
		new PrincipalSessionsQueryCustomizer().customize(this.repository);
		this.repository.afterPropertiesSet();
		this.tracker = new JdbcSessionTracker(this.dataSource);
		this.registry = new JdbcRevocationRegistry(this.dataSource, Clock.systemUTC(), Duration.ofHours(12));
		this.registry.afterPropertiesSet();
	}

	@Override
	public String name() {
		return "PostgreSQL 14 (JdbcIndexedSessionRepository)";
	}

	@Override
	public void clear() {
		this.jdbc.execute("TRUNCATE SPRING_SESSION_ATTRIBUTES, SPRING_SESSION, AUTOLOGOUT_SESSION, "
				+ "AUTOLOGOUT_LAST_SEEN, AUTOLOGOUT_REVOCATION");
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
				trackerRows.add(new Object[] { sessionId, username, now + IDLE.toMillis() });
			}
			this.jdbc.batchUpdate("INSERT INTO SPRING_SESSION (PRIMARY_ID, SESSION_ID, CREATION_TIME, "
					+ "LAST_ACCESS_TIME, MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, ?, ?, ?, ?, ?)",
					sessionRows);
			this.jdbc.batchUpdate("INSERT INTO SPRING_SESSION_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, "
					+ "ATTRIBUTE_BYTES) VALUES (?, ?, ?)", attributeRows);
			this.jdbc.batchUpdate("INSERT INTO AUTOLOGOUT_SESSION (SESSION_ID, PRINCIPAL_NAME, CHECK_AT) VALUES (?, ?, ?)",
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

	@Override
	public void memory(int sessions, PrintStream out) {
		Long attributes = this.jdbc.queryForObject("SELECT SUM(PG_COLUMN_SIZE(A.*)) FROM SPRING_SESSION_ATTRIBUTES A "
				+ "WHERE ATTRIBUTE_NAME = ?", Long.class, SessionTimesAttributes.NAME);
		Long attributeRows = this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION_ATTRIBUTES "
				+ "WHERE ATTRIBUTE_NAME = ?", Long.class, SessionTimesAttributes.NAME);
		Long attributeKeys = this.jdbc.queryForObject("SELECT SUM(PG_COLUMN_SIZE(A.SESSION_PRIMARY_ID) + "
				+ "PG_COLUMN_SIZE(A.ATTRIBUTE_NAME)) FROM SPRING_SESSION_ATTRIBUTES A WHERE ATTRIBUTE_NAME = ?", Long.class,
				SessionTimesAttributes.NAME);
		Long tracked = this.jdbc.queryForObject("SELECT COUNT(*) FROM AUTOLOGOUT_SESSION", Long.class);
		Long trackerTable = this.jdbc.queryForObject("SELECT PG_TABLE_SIZE('autologout_session')", Long.class);
		Long trackerTotal = this.jdbc.queryForObject("SELECT PG_TOTAL_RELATION_SIZE('autologout_session')",
				Long.class);
		out.printf("  '%s' attribute row: %d rows, %d B of row data (PG_COLUMN_SIZE): %.1f B per session, of which "
				+ "%.1f B are the key (primary id and name); before the 24 B tuple header, the 4 B line pointer and "
				+ "the primary-key index entry%n", SessionTimesAttributes.NAME, attributeRows, attributes,
				attributes / (double) attributeRows, attributeKeys / (double) attributeRows);
		Long indexes = this.jdbc.queryForObject("SELECT COUNT(*) FROM PG_INDEXES WHERE TABLENAME = 'autologout_session'",
				Long.class);
		out.printf("  AUTOLOGOUT_SESSION: %d rows, table %d B (%.1f B per session), with its %d indexes %d B "
				+ "(%.1f B per session)%n", tracked, trackerTable, trackerTable / (double) tracked, indexes,
				trackerTotal, trackerTotal / (double) tracked);
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

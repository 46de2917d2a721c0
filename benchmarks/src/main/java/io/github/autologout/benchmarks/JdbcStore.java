package io.github.autologout.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

import org.springframework.core.io.ByteArrayResource;
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
		insert("SPRING_SESSION", "bg-", sessions, sessionsPerUser, 1, true);
		this.jdbc.execute("ANALYZE");
	}

	/**
	 * Inserts sessions of users named by the prefix and a number into the given table of Spring
	 * Session and its attributes table, each session's rows after the previous session's, and with
	 * autologout its attribute and, into autologout's own table, the tracker's row of each user.
	 */
	private void insert(String table, String usernamePrefix, int sessions, int sessionsPerUser, int roles,
			boolean withAutoLogout) {
		boolean tracked = withAutoLogout && table.equals("SPRING_SESSION");
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
				String username = usernamePrefix + (i / sessionsPerUser);
				sessionRows.add(new Object[] { primaryId, sessionId, now, now, (int) IDLE.toSeconds(),
						now + IDLE.toMillis(), username });
				attributeRows.add(new Object[] { primaryId, HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
						this.serializer.convert(Store.securityContext(username, sessionId, roles)) });
				if (withAutoLogout) {
					attributeRows.add(new Object[] { primaryId, SessionTimesAttributes.NAME, times });
					if (tracked && i % sessionsPerUser == 0) {
						trackerRows.add(new Object[] { username, now + IDLE.toMillis(), now });
					}
				}
			}
			this.jdbc.batchUpdate("INSERT INTO " + table + " (PRIMARY_ID, SESSION_ID, CREATION_TIME, "
					+ "LAST_ACCESS_TIME, MAX_INACTIVE_INTERVAL, EXPIRY_TIME, PRINCIPAL_NAME) VALUES (?, ?, ?, ?, ?, ?, ?)",
					sessionRows);
			this.jdbc.batchUpdate("INSERT INTO " + table + "_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, "
					+ "ATTRIBUTE_BYTES) VALUES (?, ?, ?)", attributeRows);
			if (!trackerRows.isEmpty()) {
				this.jdbc.batchUpdate("INSERT INTO AUTOLOGOUT_USER (PRINCIPAL_NAME, CHECK_AT, LAST_SEEN) VALUES (?, ?, ?)",
						trackerRows);
			}
		}
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
		// as the starter configures it
		SpringSessionLookup<?> lookup = new SpringSessionLookup<>(this.repository);
		lookup.setReadUsersAtOnce(true);
		return lookup;
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
	 * Measures the tracker, the whole {@code AUTOLOGOUT_USER} table with its indexes (one row per
	 * user), and the attribute as what it adds to Spring Session's attributes table: as many
	 * sessions as the store holds are inserted again, as {@link #fill} inserts them, into a copy of
	 * Spring Session's schema without autologout and into another with its attribute, and the two
	 * are compared whole, heap and index, for security contexts of four sizes. Where the heap does
	 * not grow, the attribute rows fit in the room that the security contexts' rows leave on their
	 * pages, so the rows' own size is printed too.
	 */
	@Override
	public void memory(int sessions, PrintStream out) {
		long users = count("SELECT COUNT(*) FROM AUTOLOGOUT_USER");
		long tracker = count("SELECT PG_TOTAL_RELATION_SIZE('autologout_user')");
		out.printf("  AUTOLOGOUT_USER with its indexes: %d B for %d users: %.1f B per user, %.1f B per session of "
				+ "the %d sessions%n", tracker, users, tracker / (double) users, tracker / (double) sessions, sessions);
		double index = 0;
		double row = 0;
		double heapGrowth = 0;
		int[] roleCounts = { 1, 4, 16, 40 };
		for (int roles : roleCounts) {
			long[] heap = new long[2];
			long[] total = new long[2];
			long rowBytes = 0;
			long contextBytes = 0;
			for (int with = 0; with < 2; with++) {
				createSessionTables("MEMORY_SESSION");
				insert("MEMORY_SESSION", "memory-", sessions, 4, roles, with == 1);
				this.jdbc.execute("VACUUM ANALYZE MEMORY_SESSION_ATTRIBUTES");
				heap[with] = count("SELECT PG_TABLE_SIZE('memory_session_attributes')");
				total[with] = count("SELECT PG_TOTAL_RELATION_SIZE('memory_session_attributes')");
				if (with == 1) {
					// the tuple, aligned to 8 bytes, and its line pointer
					rowBytes = count("SELECT SUM((PG_COLUMN_SIZE(A.*) + 7) / 8 * 8 + 4) FROM MEMORY_SESSION_ATTRIBUTES A "
							+ "WHERE ATTRIBUTE_NAME = ?", SessionTimesAttributes.NAME);
					contextBytes = count("SELECT AVG(LENGTH(ATTRIBUTE_BYTES))::BIGINT FROM MEMORY_SESSION_ATTRIBUTES "
							+ "WHERE ATTRIBUTE_NAME = ?", HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
				}
			}
			double growth = (heap[1] - heap[0]) / (double) sessions;
			double entries = (total[1] - total[0] - heap[1] + heap[0]) / (double) sessions;
			out.printf("  '%s' attribute rows, %d sessions with and without, security contexts of %d B (%d roles): "
					+ "%.1f B per session of heap growth (the rows themselves: %.1f B) and %.1f B of the primary "
					+ "key's index%n", SessionTimesAttributes.NAME, sessions, contextBytes, roles, growth,
					rowBytes / (double) sessions, entries);
			heapGrowth += growth / roleCounts.length;
			index += entries / roleCounts.length;
			row += rowBytes / (double) sessions / roleCounts.length;
		}
		this.jdbc.execute("DROP TABLE MEMORY_SESSION_ATTRIBUTES, MEMORY_SESSION");
		out.printf("  autologout state per session: %.1f B as measured (mean of the context sizes), %.1f B where the "
				+ "rows need pages of their own%n", heapGrowth + index + tracker / (double) sessions,
				row + index + tracker / (double) sessions);
	}

	/** Creates Spring Session's PostgreSQL tables, empty, under another name. */
	private void createSessionTables(String table) {
		this.jdbc.execute("DROP TABLE IF EXISTS " + table + "_ATTRIBUTES, " + table);
		try {
			String schema = new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql")
				.getContentAsString(StandardCharsets.UTF_8)
				.replace("SPRING_SESSION", table);
			new ResourceDatabasePopulator(new ByteArrayResource(schema.getBytes(StandardCharsets.UTF_8)))
				.execute(this.dataSource);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

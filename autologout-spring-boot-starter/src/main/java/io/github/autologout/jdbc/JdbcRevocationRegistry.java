package io.github.autologout.jdbc;

import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link RevocationRegistry} kept in the {@code AUTOLOGOUT_REVOCATION} table and shared by
 * every node.
 * <p>
 * Each node holds the "not before" instants in memory, so that checking a request costs no SQL
 * statement. A node that revokes updates its copy at once; the other nodes poll the table for
 * the rows written since their last poll every {@link #setPollInterval(Duration) poll interval}
 * (one second by default), which bounds how long they may lag, however long ago a revocation's
 * "not before" instant is (ending a user's other sessions revokes from the current session's
 * login). Ended sessions are looked up only for requests whose session no longer exists.
 */
public final class JdbcRevocationRegistry implements RevocationRegistry, InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(JdbcRevocationRegistry.class);

	private static final String USER = "U";

	private static final String EVERYONE = "E";

	private static final String SESSION = "S";

	/** Rows written by a node whose clock lags behind are still found by the next polls. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private static final String INSERT = "INSERT INTO AUTOLOGOUT_REVOCATION (KIND, NAME, NOT_BEFORE, REASON, WRITTEN_AT) "
			+ "VALUES (?, ?, ?, ?, ?)";

	private static final String INSERT_KEEPING = "INSERT INTO AUTOLOGOUT_REVOCATION "
			+ "(KIND, NAME, NOT_BEFORE, REASON, WRITTEN_AT, KEPT) VALUES (?, ?, ?, ?, ?, ?)";

	/** Moves a row's instant later, never earlier. */
	private static final String UPDATE_IF_BEFORE = "UPDATE AUTOLOGOUT_REVOCATION SET NOT_BEFORE = ?, REASON = ?, "
			+ "WRITTEN_AT = ? WHERE KIND = ? AND NAME = ? AND NOT_BEFORE < ?";

	/**
	 * Moves a user's or everyone's row to a later instant, keeping the given login only where the
	 * row's revocation does not refuse it, as {@link Revocation#later(Revocation)} combines them;
	 * a revocation that keeps none (a null login) sets none, as SQL compares nothing equal to null.
	 */
	private static final String UPDATE_IF_BEFORE_KEEPING = "UPDATE AUTOLOGOUT_REVOCATION SET NOT_BEFORE = ?, "
			+ "REASON = ?, WRITTEN_AT = ?, "
			+ "KEPT = CASE WHEN NOT_BEFORE <= ? OR KEPT = ? THEN CAST(? AS BIGINT) ELSE NULL END "
			+ "WHERE KIND = ? AND NAME = ? AND NOT_BEFORE < ?";

	/** Takes the kept login from a row at least as late, where an earlier revocation refuses it. */
	private static final String REFUSE_KEPT = "UPDATE AUTOLOGOUT_REVOCATION SET KEPT = NULL, WRITTEN_AT = ? "
			+ "WHERE KIND = ? AND NAME = ? AND NOT_BEFORE >= ? AND KEPT < ?";

	/** As {@link #REFUSE_KEPT}, where the earlier revocation keeps a login of its own. */
	private static final String REFUSE_KEPT_BUT = REFUSE_KEPT + " AND KEPT <> ?";

	private static final String SELECT_REVOCATIONS = "SELECT KIND, NAME, NOT_BEFORE, REASON, KEPT "
			+ "FROM AUTOLOGOUT_REVOCATION ";

	/** The most rows one statement writes. */
	private static final int BATCH_SIZE = 100;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration retention;

	private final InMemoryRevocationRegistry local;

	private Duration pollInterval = Duration.ofSeconds(1);

	private volatile long pollFrom = Long.MIN_VALUE;

	private volatile long nextCleanup = Long.MIN_VALUE;

	private @Nullable ScheduledExecutorService poller;

	/**
	 * Creates a registry, whose statements run outside any transaction a caller has open on the
	 * data source, each committing on its own.
	 * @param dataSource the database with the {@code AUTOLOGOUT_REVOCATION} table
	 * @param clock the source of the current instant
	 * @param retention how long an entry matters: at least the longest absolute timeout
	 */
	public JdbcRevocationRegistry(DataSource dataSource, Clock clock, Duration retention) {
		this.jdbc = JdbcClient.create(new SeparateConnectionDataSource(dataSource));
		this.clock = clock;
		this.retention = retention;
		this.local = new InMemoryRevocationRegistry(clock, retention);
	}

	/**
	 * Sets how often the table is polled for revocations made by other nodes.
	 * @param pollInterval the interval, one second by default
	 */
	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	@Override
	public void afterPropertiesSet() {
		poll();
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "autologout-jdbc-revocations");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.pollInterval.toMillis();
		executor.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.poller = executor;
	}

	@Override
	public void destroy() {
		if (this.poller != null) {
			this.poller.shutdownNow();
		}
	}

	@Override
	public void revokeUser(String username, Revocation revocation) {
		if (JdbcText.isStorableName(username)) {
			upsert(USER, username, revocation);
		}
		else {
			// no session of the database can be such a user's: Spring Session could not have saved it
			logger.warn("Revoked a user whose name the database cannot hold on this node only");
		}
		this.local.revokeUser(username, revocation);
	}

	@Override
	public void revokeEveryone(Revocation revocation) {
		upsert(EVERYONE, "", revocation);
		this.local.revokeEveryone(revocation);
	}

	@Override
	public Optional<Revocation> find(String username, Instant authenticatedAt) {
		return this.local.find(username, authenticatedAt);
	}

	/**
	 * Reads the user's and everyone's revocations from the table with one query, applies them to
	 * this node's copy, which the next poll would have updated, and looks there.
	 */
	@Override
	public Optional<Revocation> findLatest(String username, Instant authenticatedAt) {
		if (JdbcText.isStorableName(username)) {
			apply(this.jdbc
				.sql(SELECT_REVOCATIONS + "WHERE ((KIND = 'U' AND NAME = ?) OR KIND = 'E') AND NOT_BEFORE >= ?")
				.params(username, this.clock.millis() - this.retention.toMillis())
				.query(Row.MAPPER)
				.list());
		}
		return this.local.find(username, authenticatedAt);
	}

	@Override
	public boolean revokeSession(String sessionId, LogoutReason reason) {
		return recordSession(sessionId, this.clock.millis(), reason);
	}

	/**
	 * Remembers the ended sessions with one multi-row {@code INSERT} per 100 sessions; if any of
	 * them was remembered before, falls back to one statement or two each.
	 */
	@Override
	public Set<String> revokeSessions(Collection<String> sessionIds, LogoutReason reason) {
		long now = this.clock.millis();
		List<String> ids = List.copyOf(new LinkedHashSet<>(sessionIds));
		Set<String> recorded = new LinkedHashSet<>();
		for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
			List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
			List<Object> params = new ArrayList<>(batch.size() * 4);
			for (String sessionId : batch) {
				params.add(SESSION);
				params.add(sessionId);
				params.add(now);
				params.add(reason.code());
				params.add(now);
			}
			String values = String.join(", ", Collections.nCopies(batch.size(), "(?, ?, ?, ?, ?)"));
			try {
				this.jdbc
					.sql("INSERT INTO AUTOLOGOUT_REVOCATION (KIND, NAME, NOT_BEFORE, REASON, WRITTEN_AT) VALUES "
							+ values)
					.params(params)
					.update();
				recorded.addAll(batch);
			}
			catch (DuplicateKeyException ex) {
				batch.stream().filter((sessionId) -> recordSession(sessionId, now, reason)).forEach(recorded::add);
			}
		}
		return recorded;
	}

	/**
	 * Inserts the session's row, or takes over a row older than the retention, which no longer
	 * counts; a row that still counts is left as it is.
	 */
	private boolean recordSession(String sessionId, long now, LogoutReason reason) {
		try {
			this.jdbc.sql(INSERT).params(SESSION, sessionId, now, reason.code(), now)
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			long oldest = now - this.retention.toMillis();
			return this.jdbc
				.sql(UPDATE_IF_BEFORE)
				.params(now, reason.code(), now, SESSION, sessionId, oldest)
				.update() > 0;
		}
	}

	@Override
	public Optional<LogoutReason> findSession(String sessionId) {
		if (!JdbcText.isQueryable(sessionId)) {
			return Optional.empty(); // a forged id, which no session has
		}
		long oldest = this.clock.instant().minus(this.retention).toEpochMilli();
		return this.jdbc
			.sql("SELECT REASON FROM AUTOLOGOUT_REVOCATION WHERE KIND = ? AND NAME = ? AND NOT_BEFORE >= ?")
			.params(SESSION, sessionId, oldest)
			.query(String.class)
			.optional()
			.flatMap(LogoutReason::fromRecordedCode);
	}

	/**
	 * Records a user's or everyone's revocation, combined with the row's as
	 * {@link Revocation#later(Revocation)} combines them.
	 */
	private void upsert(String kind, String name, Revocation revocation) {
		long now = this.clock.millis();
		if (updateIfBefore(kind, name, revocation, now)) {
			return;
		}
		try {
			this.jdbc.sql(INSERT_KEEPING)
				.params(kind, name, revocation.notBefore().toEpochMilli(), revocation.reason().code(), now,
						kept(revocation))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// the row exists: with a later instant already, or inserted concurrently with an earlier one
			if (!updateIfBefore(kind, name, revocation, now)) {
				refuseKept(kind, name, revocation, now);
			}
		}
	}

	private boolean updateIfBefore(String kind, String name, Revocation revocation, long now) {
		long notBefore = revocation.notBefore().toEpochMilli();
		SqlParameterValue kept = kept(revocation);
		return this.jdbc.sql(UPDATE_IF_BEFORE_KEEPING)
			.params(notBefore, revocation.reason().code(), now, kept, kept, kept, kind, name, notBefore)
			.update() > 0;
	}

	/** The revocation's kept login in epoch milliseconds, or a null of the column's type. */
	private static SqlParameterValue kept(Revocation revocation) {
		return new SqlParameterValue(Types.BIGINT,
				(revocation.kept() != null) ? revocation.kept().toEpochMilli() : null);
	}

	/** Where the row's revocation is at least as late, takes from it a kept login that this one refuses. */
	private void refuseKept(String kind, String name, Revocation revocation, long now) {
		long notBefore = revocation.notBefore().toEpochMilli();
		if (revocation.kept() == null) {
			this.jdbc.sql(REFUSE_KEPT).params(now, kind, name, notBefore, notBefore).update();
		}
		else {
			this.jdbc.sql(REFUSE_KEPT_BUT)
				.params(now, kind, name, notBefore, notBefore, revocation.kept().toEpochMilli())
				.update();
		}
	}

	/**
	 * Applies the revocations written since the last poll (all of them at the first) to this
	 * node's copy, and deletes rows older than the retention.
	 */
	public void poll() {
		long now = this.clock.millis();
		List<Row> rows = this.jdbc
			.sql(SELECT_REVOCATIONS + "WHERE KIND IN ('U', 'E') AND WRITTEN_AT >= ? AND NOT_BEFORE >= ?")
			.params(this.pollFrom, now - this.retention.toMillis())
			.query(Row.MAPPER)
			.list();
		apply(rows);
		this.pollFrom = now - CLOCK_SKEW.toMillis();
		if (now >= this.nextCleanup) {
			this.jdbc.sql("DELETE FROM AUTOLOGOUT_REVOCATION WHERE NOT_BEFORE < ?")
				.param(now - this.retention.toMillis())
				.update();
			this.nextCleanup = now + CLEANUP_INTERVAL.toMillis();
		}
	}

	/** Applies rows of users and of everyone to this node's copy. */
	private void apply(List<Row> rows) {
		for (Row row : rows) {
			Revocation revocation = Revocation.recorded(Instant.ofEpochMilli(row.notBefore()), row.reason(),
					(row.kept() != null) ? Instant.ofEpochMilli(row.kept()) : null);
			if (EVERYONE.equals(row.kind())) {
				this.local.revokeEveryone(revocation);
			}
			else {
				this.local.revokeUser(row.name(), revocation);
			}
		}
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not poll the revocations table: " + ex.getMessage());
		}
	}

	private record Row(String kind, String name, long notBefore, String reason, @Nullable Long kept) {

		static final RowMapper<Row> MAPPER = (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3),
				rs.getString(4), rs.getObject(5, Long.class));

	}

}

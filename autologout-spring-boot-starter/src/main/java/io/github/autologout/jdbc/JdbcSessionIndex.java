package io.github.autologout.jdbc;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.SpringSessionIndex;
import io.github.autologout.session.UserSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.util.Assert;

/**
 * A {@link SessionIndex} over Spring Session JDBC that ends the sessions of one logout with one
 * JDBC batch of single-row {@code DELETE}s, which drivers that batch (PostgreSQL's among them)
 * send in one round trip, rather than one repository call and transaction per session.
 * <p>
 * Sessions are found through a {@link SpringSessionIndex} over the repository. The deletes name
 * the table the repository is configured with; Spring Session's schema deletes a session's
 * attribute rows with it ({@code ON DELETE CASCADE}). Each delete's update count tells which
 * sessions this call ended, so a session that another node deleted meanwhile is not counted
 * twice. A session that the repository still finds after its delete deleted nothing, as when the
 * given table name is not the repository's, is deleted through the repository instead, and
 * the mismatch is logged. The deletes run outside any transaction a caller has open on the data
 * source, as the repository's own do.
 */
public final class JdbcSessionIndex implements SessionIndex {

	private static final Log logger = LogFactory.getLog(JdbcSessionIndex.class);

	private final SpringSessionIndex<?> sessions;

	private final JdbcIndexedSessionRepository repository;

	private final JdbcTemplate jdbc;

	private final String tableName;

	private final String deleteQuery;

	private final AtomicBoolean mismatchLogged = new AtomicBoolean();

	/**
	 * Creates an index.
	 * @param repository the application's session repository
	 * @param tracker the sessions autologout tracks, used to list the users with sessions
	 * @param dataSource the database of the repository's tables
	 * @param tableName the repository's table name, as in
	 * {@link JdbcIndexedSessionRepository#setTableName(String)}
	 */
	public JdbcSessionIndex(JdbcIndexedSessionRepository repository, SessionTracker tracker, DataSource dataSource,
			String tableName) {
		Assert.notNull(repository, "repository must not be null");
		Assert.notNull(dataSource, "dataSource must not be null");
		Assert.hasText(tableName, "tableName must not be empty");
		this.sessions = new SpringSessionIndex<>(repository, tracker);
		this.repository = repository;
		this.jdbc = new JdbcTemplate(new SeparateConnectionDataSource(dataSource));
		this.tableName = tableName.trim();
		this.deleteQuery = "DELETE FROM " + this.tableName + " WHERE SESSION_ID = ?";
	}

	@Override
	public List<SessionInfo> findByUsername(String username) {
		return this.sessions.findByUsername(username);
	}

	@Override
	public Optional<SessionInfo> findById(String sessionId) {
		return this.sessions.findById(sessionId);
	}

	@Override
	public List<UserSessions> users() {
		return this.sessions.users();
	}

	/**
	 * Deletes the session with the statement of {@link #invalidateAll(List)}, without reading it
	 * first: the expiry pass ends a session whose security context the application cannot read,
	 * which the guarded repository does not find by id. A row that had expired and was still
	 * there counts as ended too.
	 */
	@Override
	public boolean invalidate(String sessionId) {
		return delete(List.of(sessionId))[0];
	}

	/**
	 * Deletes the sessions' rows with one batch, whatever their inactive interval, and returns
	 * those whose row this call deleted; where the driver cannot tell
	 * ({@link Statement#SUCCESS_NO_INFO}), the session counts as ended.
	 */
	@Override
	public List<SessionInfo> invalidateAll(List<SessionInfo> sessions) {
		if (sessions.isEmpty()) {
			return List.of();
		}
		boolean[] deleted = delete(sessions.stream().map(SessionInfo::id).toList());
		List<SessionInfo> ended = new ArrayList<>(sessions.size());
		for (int i = 0; i < sessions.size(); i++) {
			if (deleted[i]) {
				ended.add(sessions.get(i));
			}
		}
		return ended;
	}

	/**
	 * Deletes the sessions with one batch.
	 * @return for each session, whether this call deleted it
	 */
	private boolean[] delete(List<String> sessionIds) {
		boolean[] deleted = new boolean[sessionIds.size()];
		int[] counts;
		try {
			counts = this.jdbc.batchUpdate(this.deleteQuery,
					sessionIds.stream().map((id) -> new Object[] { id }).toList());
		}
		catch (BadSqlGrammarException ex) {
			logMismatch(ex.getMessage());
			for (int i = 0; i < deleted.length; i++) {
				deleted[i] = deletedThroughRepository(sessionIds.get(i));
			}
			return deleted;
		}
		for (int i = 0; i < deleted.length; i++) {
			deleted[i] = counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO
					|| deletedThroughRepository(sessionIds.get(i));
		}
		return deleted;
	}

	/**
	 * Deletes through the repository a session that the batch did not delete, if the repository
	 * still finds it: then the table name is not the repository's.
	 */
	private boolean deletedThroughRepository(String sessionId) {
		if (this.repository.findById(sessionId) == null) {
			return false; // ended meanwhile by someone else
		}
		logMismatch("a session is found by the repository after its delete");
		this.repository.deleteById(sessionId);
		return true;
	}

	private void logMismatch(String detail) {
		if (this.mismatchLogged.compareAndSet(false, true)) {
			logger.warn("Spring Session's sessions are not in table " + this.tableName + " (" + detail
					+ "): autologout ends them one by one through the repository; set the table name it uses "
					+ "(spring.session.jdbc.table-name) to the repository's");
		}
	}

}

package io.github.autologout.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link SessionTracker} in the {@code AUTOLOGOUT_SESSION} and {@code AUTOLOGOUT_LAST_SEEN}
 * tables, shared by every node.
 * <p>
 * A due session is claimed by deleting its row with the check instant that was read: the database
 * lets exactly one node delete it. A session's row is keyed by its user and id, and the check
 * instant is indexed for the expiry pass.
 */
public final class JdbcSessionTracker implements SessionTracker {

	/** The most sessions one statement removes. */
	private static final int BATCH_SIZE = 100;

	private final JdbcClient jdbc;

	/**
	 * Creates a tracker.
	 * @param dataSource the database with autologout's tables
	 */
	public JdbcSessionTracker(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Override
	public void track(TrackedSession session) {
		long checkAt = session.checkAt().toEpochMilli();
		String update = "UPDATE AUTOLOGOUT_SESSION SET CHECK_AT = ? WHERE PRINCIPAL_NAME = ? AND SESSION_ID = ?";
		if (this.jdbc.sql(update).params(checkAt, session.username(), session.sessionId()).update() > 0) {
			return;
		}
		try {
			this.jdbc.sql("INSERT INTO AUTOLOGOUT_SESSION (CHECK_AT, PRINCIPAL_NAME, SESSION_ID) VALUES (?, ?, ?)")
				.params(checkAt, session.username(), session.sessionId())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// tracked concurrently by another node: this newer call wins
			this.jdbc.sql(update).params(checkAt, session.username(), session.sessionId()).update();
		}
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		List<TrackedSession> candidates = this.jdbc
			.sql("SELECT SESSION_ID, PRINCIPAL_NAME, CHECK_AT FROM AUTOLOGOUT_SESSION WHERE CHECK_AT <= ? "
					+ "ORDER BY CHECK_AT FETCH FIRST " + limit + " ROWS ONLY")
			.param(now.toEpochMilli())
			.query((rs, i) -> new TrackedSession(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
			.list();
		List<TrackedSession> claimed = new ArrayList<>();
		for (TrackedSession candidate : candidates) {
			int deleted = this.jdbc
				.sql("DELETE FROM AUTOLOGOUT_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID = ? AND CHECK_AT = ?")
				.params(candidate.username(), candidate.sessionId(), candidate.checkAt().toEpochMilli())
				.update();
			if (deleted == 1) {
				claimed.add(candidate);
			}
		}
		return claimed;
	}

	@Override
	public boolean untrack(String username, String sessionId) {
		return this.jdbc.sql("DELETE FROM AUTOLOGOUT_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID = ?")
			.params(username, sessionId)
			.update() == 1;
	}

	/**
	 * Stops tracking the sessions with one {@code DELETE} per 100 sessions.
	 */
	@Override
	public int untrack(String username, Collection<String> sessionIds) {
		List<String> ids = List.copyOf(sessionIds);
		int removed = 0;
		for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
			List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
			List<Object> params = new ArrayList<>(batch.size() + 1);
			params.add(username);
			params.addAll(batch);
			String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
			removed += this.jdbc
				.sql("DELETE FROM AUTOLOGOUT_SESSION WHERE PRINCIPAL_NAME = ? AND SESSION_ID IN (" + marks + ")")
				.params(params)
				.update();
		}
		return removed;
	}

	@Override
	public Set<String> sessionIds(String username) {
		return new LinkedHashSet<>(this.jdbc.sql("SELECT SESSION_ID FROM AUTOLOGOUT_SESSION WHERE PRINCIPAL_NAME = ?")
			.param(username)
			.query(String.class)
			.list());
	}

	@Override
	public Set<String> usernames() {
		return new LinkedHashSet<>(
				this.jdbc.sql("SELECT DISTINCT PRINCIPAL_NAME FROM AUTOLOGOUT_SESSION").query(String.class).list());
	}

	@Override
	public void seen(String username, Instant instant) {
		long millis = instant.toEpochMilli();
		String update = "UPDATE AUTOLOGOUT_LAST_SEEN SET LAST_SEEN = ? WHERE PRINCIPAL_NAME = ? AND LAST_SEEN < ?";
		if (this.jdbc.sql(update).params(millis, username, millis).update() > 0) {
			return;
		}
		try {
			this.jdbc.sql("INSERT INTO AUTOLOGOUT_LAST_SEEN (PRINCIPAL_NAME, LAST_SEEN) VALUES (?, ?)")
				.params(username, millis)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// the row exists, with a later instant already or inserted concurrently
			this.jdbc.sql(update).params(millis, username, millis).update();
		}
	}

	@Override
	public Optional<Instant> lastSeen(String username) {
		return this.jdbc.sql("SELECT LAST_SEEN FROM AUTOLOGOUT_LAST_SEEN WHERE PRINCIPAL_NAME = ?")
			.param(username)
			.query(Long.class)
			.optional()
			.map(Instant::ofEpochMilli);
	}

}

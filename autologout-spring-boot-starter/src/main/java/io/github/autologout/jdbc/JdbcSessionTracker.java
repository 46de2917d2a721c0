package io.github.autologout.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.session.PrincipalSessionIds;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@link SessionTracker} in the {@code AUTOLOGOUT_USER} table, shared by every node, for Spring
 * Session JDBC, whose sessions table lists each user's sessions: the tracker keeps one row per
 * user, with the earliest check instant of the user's sessions and when the user was last seen,
 * and nothing per session.
 * <p>
 * A due user is claimed by an update of the check instant that was read, which the database lets
 * exactly one node make, and the claim returns every session the sessions table lists for the
 * user. A session is listed only once the request that authenticated it has saved it, so the
 * claim of a user seen in the last 30 seconds (a login is seen before its session is tracked)
 * leaves the user due again 30 seconds after that, for a session still being saved. Any other
 * claim leases the user, due again at the end of the lease unless tracked since, and forgets a
 * leased user none of whose sessions it finds.
 */
public final class JdbcSessionTracker implements SessionTracker {

	private static final Duration LOGIN_GRACE = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final PrincipalSessionIds principalSessionIds;

	/**
	 * Creates a tracker, whose statements run outside any transaction a caller has open on the
	 * data source, each committing on its own, as Spring Session saves and deletes sessions in
	 * transactions of their own.
	 * @param dataSource the database with autologout's tables
	 * @param principalSessionIds the reader of the sessions table's principal index
	 */
	public JdbcSessionTracker(DataSource dataSource, PrincipalSessionIds principalSessionIds) {
		this.jdbc = JdbcClient.create(new SeparateConnectionDataSource(dataSource));
		this.principalSessionIds = principalSessionIds;
	}

	/**
	 * Lowers the user's check instant to the session's, or replaces the lease of a claim with it,
	 * with one statement where the user has a row.
	 */
	@Override
	public void track(TrackedSession session) {
		trackUser(session.username(), session.checkAt());
	}

	private void trackUser(String username, Instant checkAt) {
		upsert("CHECK_AT = CASE WHEN LEASED OR CHECK_AT IS NULL OR CHECK_AT > ? THEN ? ELSE CHECK_AT END, "
				+ "LEASED = FALSE", "CHECK_AT", username, checkAt.toEpochMilli());
	}

	@Override
	public List<TrackedSession> claimDue(Instant now, int limit) {
		if (limit <= 0) {
			return List.of();
		}
		long millis = now.toEpochMilli();
		List<TrackedSession> sessions = new ArrayList<>();
		List<DueUser> candidates;
		do {
			candidates = this.jdbc
				.sql("SELECT PRINCIPAL_NAME, CHECK_AT FROM AUTOLOGOUT_USER WHERE CHECK_AT <= ? "
						+ "ORDER BY CHECK_AT FETCH FIRST " + limit + " ROWS ONLY")
				.param(millis)
				.query((rs, i) -> new DueUser(rs.getString(1), rs.getLong(2)))
				.list();
			Map<String, Instant> claimed = new LinkedHashMap<>();
			for (DueUser candidate : candidates) {
				if (claim(candidate, now)) {
					claimed.put(candidate.username(), Instant.ofEpochMilli(candidate.checkAt()));
				}
			}
			List<TrackedSession> found = this.principalSessionIds.sessionsOf(claimed, this::trackUser);
			release(PrincipalSessionIds.withoutSessions(claimed.keySet(), found));
			sessions.addAll(found);
		}
		// users left without sessions return none: claim on until some do or none is due
		while (sessions.isEmpty() && candidates.size() == limit);
		return sessions;
	}

	/**
	 * Takes the due user for this node, unless another node did: the user is next due one login
	 * grace after it was last seen, if that is still to come, or else at the end of the lease,
	 * which the user's next tracking replaces. A last-seen instant later than the grace from now,
	 * which only another client can have written, gives no grace.
	 */
	private boolean claim(DueUser candidate, Instant now) {
		long grace = LOGIN_GRACE.toMillis();
		long seenSince = now.toEpochMilli() - grace;
		long seenUntil = now.toEpochMilli() + grace;
		return this.jdbc
			.sql("UPDATE AUTOLOGOUT_USER SET "
					+ "CHECK_AT = CASE WHEN LAST_SEEN > ? AND LAST_SEEN < ? THEN LAST_SEEN + ? ELSE ? END, "
					+ "LEASED = CASE WHEN LAST_SEEN > ? AND LAST_SEEN < ? THEN FALSE ELSE TRUE END "
					+ "WHERE PRINCIPAL_NAME = ? AND CHECK_AT = ?")
			.params(seenSince, seenUntil, grace, now.plus(SessionTracker.CLAIM_LEASE).toEpochMilli(), seenSince,
					seenUntil, candidate.username(), candidate.checkAt())
			.update() == 1;
	}

	/**
	 * Forgets the users still leased, whom no tracking since their claim has given a new instant.
	 */
	@Override
	public void release(Collection<String> usernames) {
		if (!usernames.isEmpty()) {
			this.jdbc
				.sql("UPDATE AUTOLOGOUT_USER SET CHECK_AT = NULL, LEASED = FALSE "
						+ "WHERE LEASED AND PRINCIPAL_NAME IN (:names)")
				.param("names", List.copyOf(usernames))
				.update();
		}
	}

	/**
	 * Nothing: the principal index no longer lists a session that ended, unless Spring Session has
	 * yet to clean it up, and the claim's release settles the user.
	 */
	@Override
	public void forget(String username, Collection<String> sessionIds) {
	}

	/**
	 * Makes the user due now, if tracked and not leased to a claim: the next claim finds which of
	 * the user's sessions are left.
	 */
	@Override
	public void untrack(String username, Collection<String> sessionIds) {
		if (!sessionIds.isEmpty() && JdbcText.isStorableName(username)) {
			this.jdbc
				.sql("UPDATE AUTOLOGOUT_USER SET CHECK_AT = 0 "
						+ "WHERE PRINCIPAL_NAME = ? AND CHECK_AT IS NOT NULL AND NOT LEASED")
				.param(username)
				.update();
		}
	}

	@Override
	public Set<String> sessionIds(String username) {
		return Set.copyOf(this.principalSessionIds.find(username));
	}

	@Override
	public Set<String> usernames() {
		return new LinkedHashSet<>(this.jdbc.sql("SELECT PRINCIPAL_NAME FROM AUTOLOGOUT_USER WHERE CHECK_AT IS NOT NULL")
			.query(String.class)
			.list());
	}

	@Override
	public void seen(String username, Instant instant) {
		upsert("LAST_SEEN = CASE WHEN LAST_SEEN IS NULL OR LAST_SEEN < ? THEN ? ELSE LAST_SEEN END", "LAST_SEEN",
				username, instant.toEpochMilli());
	}

	@Override
	public Optional<Instant> lastSeen(String username) {
		if (!JdbcText.isStorableName(username)) {
			return Optional.empty(); // a name no row holds, as an administrator may type it
		}
		return this.jdbc.sql("SELECT LAST_SEEN FROM AUTOLOGOUT_USER WHERE PRINCIPAL_NAME = ? AND LAST_SEEN IS NOT NULL")
			.param(username)
			.query(Long.class)
			.optional()
			.map(Instant::ofEpochMilli);
	}

	/**
	 * Updates the user's row with the given assignment, whose two parameters are both the value,
	 * or inserts the row with the value in the given column.
	 */
	private void upsert(String assignment, String column, String username, long value) {
		String update = "UPDATE AUTOLOGOUT_USER SET " + assignment + " WHERE PRINCIPAL_NAME = ?";
		if (this.jdbc.sql(update).params(value, value, username).update() > 0) {
			return;
		}
		try {
			this.jdbc.sql("INSERT INTO AUTOLOGOUT_USER (PRINCIPAL_NAME, " + column + ") VALUES (?, ?)")
				.params(username, value)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// inserted concurrently by another node
			this.jdbc.sql(update).params(value, value, username).update();
		}
	}

	private record DueUser(String username, long checkAt) {
	}

}

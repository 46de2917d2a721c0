package io.github.autologout.jdbc;

import org.springframework.core.Ordered;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Makes Spring Session JDBC's query of a user's sessions return the rows of each session
 * together, which its result extractor assumes but the query does not ask for
 * (spring-projects/spring-session#3452).
 * <p>
 * Without an {@code ORDER BY}, a database that joins by hashing, as PostgreSQL does for a table
 * of many sessions, returns the rows in the order of the attributes table, and a session whose
 * rows are not adjacent comes back as one of its parts: without its security context, which
 * made a forced logout miss it, or without its times. Runs right after Spring Boot's customizer,
 * whose table name resets every query, and before the application's own customizers, so that one
 * that sets its own query keeps it.
 */
public final class PrincipalSessionsQueryCustomizer
		implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository>, Ordered {

	/** Spring Session's query of a user's sessions, its rows ordered by session. */
	static final String QUERY = """
			SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, S.MAX_INACTIVE_INTERVAL,
				SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES
			FROM %TABLE_NAME% S
			LEFT JOIN %TABLE_NAME%_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID
			WHERE S.PRINCIPAL_NAME = ?
			ORDER BY S.PRIMARY_ID
			""";

	@Override
	public void customize(JdbcIndexedSessionRepository repository) {
		repository.setListSessionsByPrincipalNameQuery(QUERY);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}

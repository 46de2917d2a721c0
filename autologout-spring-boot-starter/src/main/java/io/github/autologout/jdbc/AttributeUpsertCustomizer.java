package io.github.autologout.jdbc;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * On PostgreSQL, has Spring Session JDBC save an added session attribute with Spring Session's
 * own upsert ({@link PostgreSqlJdbcIndexedSessionRepositoryCustomizer}) rather than an insert, so
 * that two concurrent requests of one session that both add an attribute do not fail one of
 * them with a duplicate key: autologout adds its times at the first requests of a session that
 * signed in without its login strategy, and an application's flash attributes are added the same
 * way. Runs right after Spring Boot's customizer, whose table name resets every query, and before
 * the application's own, so that one that sets its own query keeps it.
 */
public final class AttributeUpsertCustomizer implements SessionRepositoryCustomizer<JdbcIndexedSessionRepository>,
		Ordered {

	private static final Log logger = LogFactory.getLog(AttributeUpsertCustomizer.class);

	private final DataSource dataSource;

	/**
	 * Creates the customizer.
	 * @param dataSource the data source of Spring Session's tables
	 */
	public AttributeUpsertCustomizer(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void customize(JdbcIndexedSessionRepository repository) {
		if (isPostgreSql()) {
			new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
		}
	}

	private boolean isPostgreSql() {
		try {
			return "PostgreSQL".equals(
					JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			logger.warn("Could not tell the database of Spring Session's tables; its attributes are inserted as "
					+ "Spring Session does by default: " + ex.getMessage());
			return false;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}

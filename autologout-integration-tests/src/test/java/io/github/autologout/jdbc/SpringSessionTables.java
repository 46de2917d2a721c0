package io.github.autologout.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Session JDBC's PostgreSQL tables under a name of a test's own, so that tests sharing one
 * server do not see each other's sessions.
 */
public final class SpringSessionTables {

	private SpringSessionTables() {
	}

	/**
	 * Drops the tables of that name if they exist and creates them empty with Spring Session's
	 * own schema.
	 * @param dataSource the database
	 * @param table the name of the sessions table, which also names its attributes table
	 */
	public static void recreate(DataSource dataSource, String table) {
		new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + table + "_ATTRIBUTES, " + table);
		String schema;
		try {
			schema = new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql")
				.getContentAsString(StandardCharsets.UTF_8)
				.replace("SPRING_SESSION", table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		new ResourceDatabasePopulator(new ByteArrayResource(schema.getBytes(StandardCharsets.UTF_8)))
			.execute(dataSource);
	}

	/**
	 * A Spring Session JDBC repository over the tables of that name, as Spring Boot configures one.
	 * @param dataSource the database
	 * @param table the name of the sessions table
	 * @return the repository
	 */
	public static JdbcIndexedSessionRepository repository(DataSource dataSource, String table) {
		JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
		repository.setTableName(table);
		return repository;
	}

}

package io.github.autologout.jdbc;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.sql.DataSource;

import io.github.autologout.session.PrincipalSessionIds;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

/**
 * The principal index of Spring Session JDBC: the indexed {@code PRINCIPAL_NAME} column of its
 * sessions table, read without the sessions' attributes, and, as autologout's other statements,
 * never on the connection of a caller's transaction, which may have failed already.
 */
public final class JdbcPrincipalSessionIds implements PrincipalSessionIds {

	private final JdbcClient jdbc;

	private final String query;

	/**
	 * Creates a reader of the sessions table's principal index.
	 * @param dataSource the database of Spring Session's tables
	 * @param tableName the repository's table name, a plain or schema-qualified SQL identifier
	 */
	public JdbcPrincipalSessionIds(DataSource dataSource, String tableName) {
		Assert.notNull(dataSource, "dataSource must not be null");
		Assert.hasText(tableName, "tableName must not be empty");
		this.jdbc = JdbcClient.create(new SeparateConnectionDataSource(dataSource));
		this.query = "SELECT SESSION_ID FROM " + tableName.trim() + " WHERE PRINCIPAL_NAME = ?";
	}

	@Override
	public Set<String> find(String username) {
		if (!JdbcText.isQueryable(username)) {
			return Set.of(); // a name no user of the database has
		}
		return new LinkedHashSet<>(this.jdbc.sql(this.query).param(username).query(String.class).list());
	}

}

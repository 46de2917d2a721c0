package io.github.autologout.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The data source of autologout's own statements: it hands out its target's connections under an
 * identity of its own, so that Spring's JDBC support never runs them on the connection of a
 * transaction that a caller has open on the target, whichever transaction manager began it, and
 * in auto-commit mode, whatever the pool's default. Each statement commits on its own, as it does
 * where no transaction is open: a caller's rollback does not undo a logout, and a row that another
 * node wrote meanwhile (a duplicate key) cannot abort the caller's transaction, which PostgreSQL
 * does on any failed statement.
 * <p>
 * Within a caller's transaction Spring keeps the connection it took for the rest of that
 * transaction; all instances over one target are equal, so autologout's registry, tracker,
 * session index and reader of the principal index share that one connection.
 */
final class SeparateConnectionDataSource extends DelegatingDataSource {

	SeparateConnectionDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return autoCommitting(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return autoCommitting(super.getConnection(username, password));
	}

	private static Connection autoCommitting(Connection connection) throws SQLException {
		if (!connection.getAutoCommit()) {
			connection.setAutoCommit(true);
		}
		return connection;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof SeparateConnectionDataSource separate
				&& separate.getTargetDataSource() == getTargetDataSource();
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(getTargetDataSource());
	}

}

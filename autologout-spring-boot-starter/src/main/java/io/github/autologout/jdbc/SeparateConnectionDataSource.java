package io.github.autologout.jdbc;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The data source of autologout's own statements: it hands out its target's connections under an
 * identity of its own, so that Spring's JDBC support never runs them on the connection of a
 * transaction that a caller has open on the target, whichever transaction manager began it. Each
 * statement commits on its own, as it does where no transaction is open: a caller's rollback does
 * not undo a logout, and a row that another node wrote meanwhile (a duplicate key) cannot abort
 * the caller's transaction, which PostgreSQL does on any failed statement.
 */
final class SeparateConnectionDataSource extends DelegatingDataSource {

	SeparateConnectionDataSource(DataSource target) {
		super(target);
	}

}

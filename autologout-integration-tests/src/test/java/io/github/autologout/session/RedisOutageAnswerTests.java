package io.github.autologout.session;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.autologout.test.EmbeddedRedis;
import io.lettuce.core.ClientOptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link SessionStoreUnavailableFilter} answers for the failures that Lettuce and Spring Data
 * Redis really throw while Redis is down or coming back.
 */
class RedisOutageAnswerTests {

	@TempDir
	Path directory;

	private LettuceConnectionFactory connectionFactory;

	private RedisServer loadingServer;

	@AfterEach
	void close() throws IOException {
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.loadingServer != null) {
			this.loadingServer.stop();
		}
	}

	/** Lettuce's advice for a store that must fail fast rather than buffer commands while disconnected. */
	private LettuceConnectionFactory rejectingWhileDisconnected(int port) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.commandTimeout(Duration.ofSeconds(5))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port), client);
		factory.afterPropertiesSet();
		factory.start();
		this.connectionFactory = factory;
		return factory;
	}

	@Test
	void commandRejectedWhileRedisIsDownGivesA503() throws Exception {
		EmbeddedRedis redis = EmbeddedRedis.persistent(this.directory);
		redis.start();
		StringRedisTemplate template = new StringRedisTemplate(rejectingWhileDisconnected(redis.port()));
		template.opsForValue().set("k", "v");
		redis.stop(); // killed, as a crash would
		Thread.sleep(500);

		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> template.opsForValue().get("k"));

		assertThat(failure).isNotNull();
		assertThat(answer(failure)).as("answer to " + failure + " caused by " + failure.getCause()).isEqualTo(503);
	}

	@Test
	void commandInFlightWhenRedisDiesGivesA503() throws Exception {
		EmbeddedRedis redis = EmbeddedRedis.persistent(this.directory);
		redis.start();
		StringRedisTemplate template = new StringRedisTemplate(rejectingWhileDisconnected(redis.port()));
		template.opsForValue().set("k", "v");
		CompletableFuture<Object> inFlight = CompletableFuture
			.supplyAsync(() -> template.opsForList().leftPop("nothing", Duration.ofSeconds(4)));
		Thread.sleep(500);
		redis.stop(); // killed while the command waits for its answer

		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> unwrap(inFlight, 10));

		assertThat(failure).isNotNull();
		assertThat(answer(failure)).as("answer to " + failure + " caused by " + failure.getCause()).isEqualTo(503);
	}

	/**
	 * Redis restarted with its data on disk refuses every command with {@code LOADING} until it
	 * has loaded it, seconds to minutes for a large store.
	 */
	@Test
	void redisStillLoadingItsDataAfterARestartGivesA503() throws Exception {
		int port = EmbeddedRedis.freePort();
		RedisServer first = server(port, 0);
		first.start();
		LettuceConnectionFactory factory = rejectingWhileDisconnected(port);
		StringRedisTemplate template = new StringRedisTemplate(factory);
		// 13 MB uncompressed: Redis answers clients (with LOADING) after each 2 MB of a load
		template.execute((RedisCallback<Object>) (connection) -> connection.execute("DEBUG", bytes("POPULATE"),
				bytes("60000"), bytes("k"), bytes("200")));
		template.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().save();
			return null;
		});
		factory.destroy();
		this.connectionFactory = null;
		first.stop();

		this.loadingServer = server(port, 100); // 100 µs a key: answers about every second, loaded after 6 s
		CompletableFuture.runAsync(() -> {
			try {
				this.loadingServer.start(); // returns once loaded
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		awaitListening(port);
		LettuceConnectionFactory defaults = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		defaults.afterPropertiesSet();
		defaults.start();
		this.connectionFactory = defaults;
		StringRedisTemplate restarted = new StringRedisTemplate(defaults);

		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> restarted.opsForValue().get("k:1"));

		assertThat(failure).isNotNull().hasRootCauseMessage("LOADING Redis is loading the dataset in memory");
		assertThat(answer(failure)).as("answer to " + failure + " caused by " + failure.getCause()).isEqualTo(503);
	}

	private RedisServer server(int port, int keyLoadDelayMicros) throws IOException {
		return RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.setting("rdbcompression no")
			.setting("dir " + this.directory.toAbsolutePath())
			.setting("key-load-delay " + keyLoadDelayMicros)
			.build();
	}

	private static int answer(RuntimeException failure) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = (request, ignored) -> {
			throw failure;
		};
		try {
			new SessionStoreUnavailableFilter().doFilter(new MockHttpServletRequest("GET", "/"), response, chain);
		}
		catch (RuntimeException | ServletException | IOException rethrown) {
			return 500;
		}
		return response.getStatus();
	}

	private static Object unwrap(CompletableFuture<Object> future, int seconds) throws Exception {
		try {
			return future.get(seconds, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (RuntimeException) ex.getCause();
		}
	}

	private static void awaitListening(int port) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(20);
			}
		}
		throw new IllegalStateException("Redis did not start listening");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

package io.github.autologout.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input and races over real HTTP on Tomcat: odd usernames for force logout and the
 * Actuator, malformed headers and cookies, redirects pointed off-site, and a force logout while
 * requests of the session are in flight. Every case ends in a clean logout or a {@code 4xx}, never
 * a {@code 5xx}, and the session of another user survives.
 */
@SpringBootTest(classes = HostileInputEndToEndTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,autologout")
class HostileInputEndToEndTests {

	private static final String PASSWORD = ForceLogoutTestApplication.PASSWORD;

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private SlowPage slowPage;

	@AfterEach
	void logoutEveryone() {
		this.forceLogout.logoutEveryone();
		this.clock.advance(Duration.ofSeconds(1));
	}

	@ParameterizedTest(name = "[{index}] \"{0}\"")
	@ValueSource(strings = { "", " ", "\t", "*", "%", "us*", "user%", "user:", "user:password", "user ", " user",
			"USER", "us/er", "us%2Fer", "user/", "用户", "usér", "user\n", "user\u0000" })
	void forceLogoutOfAnOddUsernameEndsNothing(String username) {
		HttpBrowser user = browser().login("user", PASSWORD);
		HttpBrowser other = browser().login("other", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logout(username)).isZero();
		assertThat(this.forceLogout.sessions(username, null)).isEmpty();

		assertThat(user.get("/").statusCode()).isEqualTo(200);
		assertThat(other.get("/").statusCode()).isEqualTo(200);
		assertThat(this.forceLogout.users()).extracting(UserSessions::username).containsExactly("other", "user");
	}

	@Test
	void forceLogoutOfAVeryLongUsernameEndsNothing() {
		HttpBrowser user = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logout("user".repeat(100_000))).isZero();

		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "DELETE /actuator/autologout/{0}")
	@CsvSource(delimiter = '|', textBlock = """
			us/er          | 404
			us%2Fer        | 400
			%2E%2E/user    | 400
			..%2Fuser      | 400
			user%00        | 400
			%20            | 200
			%09user        | 200
			user%0A        | 400
			%25            | 400
			""")
	void actuatorWithAnOddUsernameEndsNothing(String username, int expectedStatus) {
		HttpBrowser user = browser().login("user", PASSWORD);
		HttpBrowser admin = browser();
		this.clock.advance(Duration.ofSeconds(1));

		HttpResponse<String> response = admin.basic("DELETE", "/actuator/autologout/" + username, "admin", PASSWORD);

		assertThat(response.statusCode()).isEqualTo(expectedStatus);
		if (expectedStatus == 200) {
			assertThat(response.body()).contains("\"sessionsEnded\":0");
		}
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorWithoutAUsernameCannotDelete() {
		HttpBrowser user = browser().login("user", PASSWORD);

		assertThat(browser().basic("DELETE", "/actuator/autologout", "admin", PASSWORD).statusCode())
			.isEqualTo(405);
		assertThat(browser().basic("DELETE", "/actuator/autologout/", "admin", PASSWORD).statusCode())
			.isBetween(400, 499);

		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void headersLargerThanTheServerAllowsAreRefusedWithA4xx() throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);

		RawResponse response = raw("GET / HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID=" + user.sessionId()
				+ "\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isBetween(400, 431);
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "Accept-Language: {0}")
	@ValueSource(strings = { "xx-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "*;q=2", ";;;,,,q=", "de-DE;q=0.9,,,,en;q=abc",
			"zz-ZZ-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x-yyyyyyyyyyyyyyyy" })
	void absurdAcceptLanguageStillGetsThePageAndAClearLogout(String language) throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		String longLanguage = (language + ",").repeat(4000 / (language.length() + 1));

		RawResponse page = raw(get("/", user.sessionId(), "Accept-Language: " + longLanguage));
		assertThat(page.status()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(31));
		RawResponse ended = raw(get("/api/me", user.sessionId(), "Accept-Language: " + longLanguage,
				"Accept: application/json"));
		assertThat(ended.status()).isEqualTo(401);
		assertThat(ended.body()).contains("\"reason\":\"idle\"");
	}

	@ParameterizedTest(name = "JSESSIONID={0}")
	@ValueSource(strings = { "garbage", "\"quoted\"", "%00%01", "../../etc/passwd", "' OR 1=1 --", "=;=;=",
			"\u00e9t\u00e9" })
	void invalidSessionCookiesAreTreatedAsNoSession(String value) throws IOException {
		HttpBrowser other = browser().login("other", PASSWORD);

		RawResponse page = raw(get("/", value));
		RawResponse status = raw(get("/autologout/status", value, "Accept: application/json"));

		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.body()).isEqualTo("{\"authenticated\":false}");
		assertThat(other.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void veryLongSessionIdIsTreatedAsNoSession() throws IOException {
		HttpBrowser other = browser().login("other", PASSWORD);
		String id = other.sessionId().repeat(200);

		RawResponse page = raw(get("/", id));
		RawResponse keepAlive = raw("POST /autologout/keep-alive HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ id + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

		assertThat(page.status()).isEqualTo(302);
		assertThat(keepAlive.status()).isEqualTo(403);
		assertThat(other.get("/").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Host: evil.example", "X-Forwarded-Host: evil.example",
			"Forwarded: host=evil.example;proto=https", "X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example:443",
			"Referer: https://evil.example/" })
	void logoutRedirectStaysLocalWhateverTheHostHeaders(String headers) throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofMinutes(31));

		String request = "GET /?continue=https://evil.example/&redirect=//evil.example HTTP/1.1\r\n"
				+ (headers.startsWith("Host:") ? "" : "Host: localhost\r\n") + headers + "\r\nCookie: JSESSIONID="
				+ user.sessionId() + "\r\nConnection: close\r\n\r\n";
		RawResponse response = raw(request);

		assertThat(response.status()).isEqualTo(303);
		assertThat(response.header("Location")).isEqualTo("/login?autologout=idle");
	}

	@Test
	void keepAliveWithAFormBodyLargerThanTheServerParsesIsRefusedAsTooLarge() {
		HttpBrowser user = browser().login("user", PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/csrf").body());

		HttpResponse<String> response = user.post("/autologout/keep-alive",
				java.util.Map.of("_csrf", csrf, "padding", "x".repeat(3 * 1024 * 1024)));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void keepAliveWithALargeJsonBodyIsAnsweredLikeAnyKeepAlive() throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/csrf").body());
		String body = "{\"lastActivity\":\"" + "9".repeat(1024 * 1024) + "\"}";

		RawResponse response = raw("POST /autologout/keep-alive HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ user.sessionId() + "\r\nX-CSRF-TOKEN: " + csrf
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
				+ "\r\nConnection: close\r\n\r\n" + body);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.body()).contains("\"secondsUntilIdleEnd\":1800");
	}

	@Test
	void forceLogoutWhileRequestsOfTheSessionAreInFlightLeavesNoSessionBehind() throws Exception {
		HttpBrowser user = browser().login("user", PASSWORD);
		HttpBrowser other = browser().login("other", PASSWORD);
		String sessionId = user.sessionId();
		int inFlight = 8;
		this.slowPage.reset(inFlight);
		ExecutorService clients = Executors.newFixedThreadPool(inFlight);
		List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
		for (int i = 0; i < inFlight; i++) {
			requests.add(CompletableFuture.supplyAsync(() -> user.get("/slow"), clients));
		}
		assertThat(this.slowPage.entered.await(30, TimeUnit.SECONDS)).as("all requests in flight").isTrue();
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logout("user")).isEqualTo(1);
		this.slowPage.release.countDown();

		for (CompletableFuture<HttpResponse<String>> request : requests) {
			HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as("admitted before the logout").isEqualTo(200);
			assertThat(response.headers().allValues("Set-Cookie"))
				.noneSatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID="));
		}
		assertThat(user.sessionId()).isEqualTo(sessionId);
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> later = user.get("/");
			assertThat(later.statusCode()).isIn(302, 303);
			assertThat(later.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).contains("/login"));
		}
		assertThat(user.getJson("/autologout/status").body()).doesNotContain("\"authenticated\":true");
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		assertThat(other.get("/").statusCode()).isEqualTo(200);
		clients.shutdown();
	}

	@Test
	void loginChangesTheSessionIdOnTomcatWithTheFilterPresent() {
		HttpBrowser browser = browser();
		browser.get("/login");
		String anonymous = browser.sessionId();

		browser.login("user", PASSWORD);

		assertThat(browser.sessionId()).isNotEqualTo(anonymous);
		RawResponse fixed = raw0(get("/", anonymous));
		assertThat(fixed.status()).as("the pre-login id is worthless").isEqualTo(302);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
	}

	private RawResponse raw0(String request) {
		try {
			return raw(request);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String get(String path, String sessionId, String... headers) {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		request.append("Cookie: JSESSIONID=").append(sessionId).append("\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("Connection: close\r\n\r\n").toString();
	}

	private RawResponse raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return RawResponse.parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	private HttpBrowser browser() {
		return new HttpBrowser(this.port);
	}

	/**
	 * A response read from a socket.
	 */
	record RawResponse(int status, List<String> headers, String body) {

		static RawResponse parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String body = (end >= 0) ? text.substring(end + 4) : "";
			List<String> lines = List.of(head.split("\r\n"));
			assertThat(lines.get(0)).as("status line").startsWith("HTTP/1.1 ");
			int status = Integer.parseInt(lines.get(0).substring(9, 12));
			if (lines.stream().anyMatch((line) -> line.equalsIgnoreCase("Transfer-Encoding: chunked"))) {
				body = dechunk(body);
			}
			return new RawResponse(status, lines.subList(1, lines.size()), body);
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		String header(String name) {
			return this.headers.stream()
				.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
				.map((line) -> line.substring(name.length() + 1).trim())
				.findFirst()
				.orElse(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, SlowPage.class })
	static class Application {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return ForceLogoutTestApplication.formLogin(http).build();
		}

	}

	@RestController
	static class SlowPage {

		volatile CountDownLatch entered = new CountDownLatch(0);

		volatile CountDownLatch release = new CountDownLatch(0);

		void reset(int requests) {
			this.entered = new CountDownLatch(requests);
			this.release = new CountDownLatch(1);
		}

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.entered.countDown();
			assertThat(this.release.await(30, TimeUnit.SECONDS)).isTrue();
			return "slow";
		}

		@GetMapping("/csrf")
		String csrf(CsrfToken token) {
			return "csrf=" + token.getToken();
		}

	}

}

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

import io.github.autologout.StoreSnapshot;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.security.ClientDetails;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.test.MutableClock;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Hostile input and races over real HTTP on Tomcat: odd usernames for force logout and the
 * Actuator, malformed headers and cookies, redirects pointed off-site, and a force logout while
 * requests of the session are in flight. Every case ends in a clean logout or a {@code 4xx}, never
 * a {@code 5xx}, and the session of another user survives.
 */
@SpringBootTest(classes = HostileInputEndToEndTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,autologout",
				// the test's own pages: passive, so that they record no activity after their
				// response, when the test may have moved the clock on already
				"autologout.passive-paths=/csrf,/older-version",
				// Tomcat reads the rest of a refused body up to this size before it answers, so the
				// 413 of a 3 MB form reaches the client instead of a connection cut during the upload
				"server.tomcat.max-swallow-size=8MB" })
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

	@Autowired
	private SessionTracker tracker;

	@Autowired
	private RevocationRegistry revocations;

	@Autowired
	private ForceLogoutTestApplication.RecordedEvents events;

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
		StoreSnapshot before = snapshot();

		assertThat(this.forceLogout.logout(username)).isZero();
		assertThat(this.forceLogout.sessions(username, null)).isEmpty();

		before.assertUnchanged();
		assertThat(user.get("/").statusCode()).isEqualTo(200);
		assertThat(other.get("/").statusCode()).isEqualTo(200);
		assertThat(this.forceLogout.users()).extracting(UserSessions::username).containsExactly("other", "user");
	}

	@Test
	void forceLogoutOfAVeryLongUsernameEndsNothing() {
		HttpBrowser user = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		assertThat(this.forceLogout.logout("user".repeat(100_000))).isZero();

		before.assertUnchanged();
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorWithAVeryLongUsernameIsRefusedByTheServerAndEndsNothing() throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();
		String credentials = java.util.Base64.getEncoder()
			.encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

		RawResponse response = raw("DELETE /actuator/autologout/" + "user".repeat(100_000)
				+ " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isEqualTo(400);
		before.assertUnchanged();
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
		browser().login("other", PASSWORD);
		HttpBrowser admin = browser();
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		HttpResponse<String> response = admin.basic("DELETE", "/actuator/autologout/" + username, "admin", PASSWORD);

		assertThat(response.statusCode()).isEqualTo(expectedStatus);
		if (expectedStatus == 200) {
			assertThat(response.body()).contains("\"sessionsEnded\":0");
		}
		before.assertUnchanged();
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorWithoutAUsernameCannotDelete() {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		assertThat(browser().basic("DELETE", "/actuator/autologout", "admin", PASSWORD).statusCode())
			.as("the name is a required parameter").isEqualTo(400);
		assertThat(browser().basic("DELETE", "/actuator/autologout?username=", "admin", PASSWORD).statusCode())
			.isEqualTo(400);
		assertThat(browser().basic("DELETE", "/actuator/autologout/", "admin", PASSWORD).statusCode())
			.isEqualTo(404);

		before.assertUnchanged();
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void headersLargerThanTheServerAllowsAreABadRequestAndTouchNothing() throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		RawResponse response = raw("GET / HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID=" + user.sessionId()
				+ "\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isEqualTo(400);
		before.assertUnchanged();
		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void headOfTheStatusEndpointAnswersAsItsGetWithoutABodyAndRecordsNoActivity() {
		HttpBrowser user = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofMinutes(10));
		StoreSnapshot before = snapshot();

		HttpResponse<String> head = user.anonymous("HEAD", "/autologout/status");
		HttpResponse<String> anonymous = browser().anonymous("HEAD", "/autologout/status");

		assertThat(List.of(head, anonymous)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON))
						.isTrue());
			assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
			assertThat(response.body()).isEmpty();
		});
		before.assertUnchanged();
		assertThat(user.getJson("/autologout/status").body()).contains("\"secondsUntilIdleEnd\":1200");
		this.clock.advance(Duration.ofMinutes(21));
		HttpResponse<String> ended = user.anonymous("HEAD", "/autologout/status");
		assertThat(ended.statusCode()).as("the session's own status, as its GET tells it").isEqualTo(401);
		assertThat(ended.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
		assertThat(ended.body()).isEmpty();
	}

	@ParameterizedTest(name = "{0} {1} with a 64 kB header")
	@CsvSource({ "GET, /autologout/status", "POST, /autologout/keep-alive" })
	void endpointsWithAHeaderLargerThanTheServerAllowsAreRefusedAndTouchNothing(String method, String path)
			throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/csrf").body());
		this.clock.advance(Duration.ofMinutes(10));
		StoreSnapshot before = snapshot();

		RawResponse response = raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ user.sessionId() + "\r\nX-CSRF-TOKEN: " + csrf + "\r\nX-Big: " + "x".repeat(64 * 1024)
				+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isEqualTo(400);
		before.assertUnchanged();
		assertThat(user.getJson("/autologout/status").body()).contains("\"secondsUntilIdleEnd\":1200");
	}

	@ParameterizedTest(name = "[{index}] {0} {1} Content-Type: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			POST | /autologout/keep-alive | application/json                    | {"lastActivity":           | 200
			POST | /autologout/keep-alive | application/json                    | ]]]\\0\\1                | 200
			POST | /autologout/keep-alive | application/json;charset=nonsense   | {}                         | 200
			POST | /autologout/keep-alive | text/plain                          | secondsUntilIdleEnd=99999  | 200
			POST | /autologout/keep-alive | application/x-www-form-urlencoded   | %zz=%%%&&=&lastActivity=9  | 200
			POST | /autologout/keep-alive | multipart/form-data; boundary=xyz   | --xyz\\r\\ngarbage       | 200
			POST | /autologout/keep-alive | multipart/form-data                 | --\\r\\n                 | 200
			POST | /autologout/keep-alive | ;;;=                                | {}                         | 200
			GET  | /autologout/status     | application/json                    | {"lastActivity":           | 200
			GET  | /autologout/status     | multipart/form-data; boundary=xyz   | --xyz\\r\\ngarbage       | 200
			GET  | /autologout/status     | ;;;=                                | x                          | 200
			""")
	void endpointsWithAMalformedBodyOrContentTypeAnswerAsUsualAndTouchNothingElse(String method, String path,
			String contentType, String body, int expectedStatus) throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/csrf").body());
		this.clock.advance(Duration.ofMinutes(10));
		StoreSnapshot before = snapshot(user.sessionId());
		String content = body.translateEscapes();

		RawResponse response = raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ user.sessionId() + "\r\nX-CSRF-TOKEN: " + csrf + "\r\nContent-Type: " + contentType
				+ "\r\nContent-Length: " + content.getBytes(StandardCharsets.UTF_8).length
				+ "\r\nConnection: close\r\n\r\n" + content);

		assertThat(response.status()).isEqualTo(expectedStatus);
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		int idleLeft = path.endsWith("keep-alive") ? 1800 : 1200;
		assertThat(response.body()).startsWith("{\"authenticated\":true,")
			.contains("\"secondsUntilIdleEnd\":" + idleLeft);
		before.assertUnchanged();
	}

	@Test
	void keepAliveWithAMalformedFormBodyCarryingTheCsrfTokenIsABadRequestAndTouchesNothing() throws IOException {
		HttpBrowser user = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/csrf").body());
		this.clock.advance(Duration.ofMinutes(10));
		StoreSnapshot before = snapshot();
		String body = "_csrf=" + csrf + "&%zz=%%%";

		RawResponse response = raw("POST /autologout/keep-alive HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ user.sessionId() + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
				+ body.length() + "\r\nConnection: close\r\n\r\n" + body);

		assertThat(response.status()).isEqualTo(400);
		before.assertUnchanged();
		assertThat(user.getJson("/autologout/status").body()).contains("\"secondsUntilIdleEnd\":1200");
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
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		RawResponse page = raw(get("/", value));
		RawResponse status = raw(get("/autologout/status", value, "Accept: application/json"));

		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.body()).isEqualTo("{\"authenticated\":false}");
		before.assertUnchanged();
		assertThat(other.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void veryLongSessionIdIsTreatedAsNoSession() throws IOException {
		HttpBrowser other = browser().login("other", PASSWORD);
		String id = other.sessionId().repeat(200);
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		RawResponse page = raw(get("/", id));
		RawResponse keepAlive = raw("POST /autologout/keep-alive HTTP/1.1\r\nHost: localhost\r\nCookie: JSESSIONID="
				+ id + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

		assertThat(page.status()).isEqualTo(302);
		assertThat(keepAlive.status()).isEqualTo(403);
		before.assertUnchanged();
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
		HttpResponse<String> next = user.get("/");
		assertThat(next.statusCode()).isEqualTo(303);
		assertThat(next.headers().firstValue("Location")).hasValue("/login?autologout=forced");
		assertThat(user.sessionId()).as("a new session's cookie replaces the ended one's").isNotEqualTo(sessionId);
		user.get("/login?autologout=forced"); // followed, as a browser does: the login page tells why
		assertThat(user.get("/").headers().firstValue("Location")).as("told once")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> replay = user.replaying(sessionId).get("/");
			assertThat(replay.statusCode()).isEqualTo(303);
			assertThat(replay.headers().firstValue("Location")).hasValue("/login?autologout=forced");
		}
		assertThat(user.getJson("/autologout/status").body()).doesNotContain("\"authenticated\":true");
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		assertThat(other.get("/").statusCode()).isEqualTo(200);
		clients.shutdown();
	}

	@Test
	void sessionsWithTheAttributesOfAnOlderVersionOrForeignClientDetailsAreListedAndGoOn() {
		HttpBrowser older = browser().login("user", PASSWORD);
		HttpBrowser integer = browser().login("user", PASSWORD);
		HttpBrowser noSeparator = browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		Instant login = this.clock.instant();
		assertThat(older.get("/older-version?kind=older").body()).isEqualTo("older");
		assertThat(integer.get("/older-version?kind=integer").body()).isEqualTo("integer");
		assertThat(noSeparator.get("/older-version?kind=no-separator").body()).isEqualTo("no-separator");
		this.clock.advance(Duration.ofSeconds(1));
		StoreSnapshot before = snapshot();

		assertThat(this.forceLogout.sessions("user", null)).extracting(SessionInfo::id, SessionInfo::authenticatedAt,
				SessionInfo::lastActivity, SessionInfo::clientAddress, SessionInfo::userAgent)
			.containsExactlyInAnyOrder(tuple(older.sessionId(), null, null, null, null),
					tuple(integer.sessionId(), login, login, null, null),
					tuple(noSeparator.sessionId(), login, login, null, null));
		assertThat(this.forceLogout.users()).extracting(UserSessions::username, UserSessions::sessions)
			.containsExactly(tuple("other", 1), tuple("user", 3));
		HttpBrowser admin = browser();
		HttpResponse<String> users = admin.basic("GET", "/actuator/autologout", "admin", PASSWORD);
		assertThat(users.statusCode()).isEqualTo(200);
		assertThat(users.body()).contains("{\"username\":\"user\",\"sessions\":3,");
		HttpResponse<String> sessions = admin.basic("GET", "/actuator/autologout/user", "admin", PASSWORD);
		assertThat(sessions.statusCode()).isEqualTo(200);
		assertThat(sessions.body()).startsWith("{\"username\":\"user\",\"active\":true,")
			.contains("\"authenticatedAt\":null,\"lastActivity\":null");
		before.assertUnchanged();

		assertThat(older.get("/").statusCode()).isEqualTo(200);
		assertThat(integer.get("/").statusCode()).isEqualTo(200);
		assertThat(noSeparator.get("/").statusCode()).isEqualTo(200);
		assertThat(this.forceLogout.sessions("user", older.sessionId())).filteredOn(SessionInfo::current)
			.singleElement()
			.satisfies((session) -> {
				assertThat(session.authenticatedAt()).as("dated from its creation, or now if that is later")
					.isEqualTo(this.clock.instant());
				assertThat(session.lastActivity()).isEqualTo(this.clock.instant());
			});
		assertThat(older.getJson("/autologout/status").body()).contains("\"secondsUntilSessionEnd\":43200");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.forceLogout.logout("user")).isEqualTo(3);
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
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
	 * Snapshots every session listed for the test's users, with what the listing reads from its
	 * attributes, except the last activity of the given sessions, which their own request moves.
	 */
	private StoreSnapshot snapshot(String... activeSessionIds) {
		List<String> active = List.of(activeSessionIds);
		return StoreSnapshot.take(() -> java.util.stream.Stream.of("user", "other", "admin")
			.flatMap((username) -> this.forceLogout.sessions(username, null).stream())
			.map((info) -> new StoreSnapshot.Session(info.username(), info.id(), info.authenticatedAt(),
					active.contains(info.id()) ? info.authenticatedAt() : info))
			.toList(), this.tracker, this.revocations, this.events::events);
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
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class,
			ScenarioConfigurations.FormLoginChain.class, SlowPage.class })
	static class Application {

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

		/**
		 * Rewrites autologout's attributes of the session as an older version or another
		 * library would have left them.
		 */
		@GetMapping("/older-version")
		String olderVersion(HttpSession session, @RequestParam String kind) {
			switch (kind) {
				case "older" -> {
					String millis = session.getAttribute(SessionTimesAttributes.NAME).toString().split(":")[0];
					session.removeAttribute(SessionTimesAttributes.NAME);
					session.removeAttribute(ClientDetails.ATTRIBUTE);
					String decimal = Long.toString(Long.parseLong(millis, 36));
					session.setAttribute("autologout.at", decimal);
					session.setAttribute("autologout.seen", decimal);
					session.setAttribute("autologout.checked", decimal);
					session.setAttribute("autologout.ip", "203.0.113.7");
					session.setAttribute("autologout.ua", "Old Browser/1.0");
				}
				case "integer" -> session.setAttribute(ClientDetails.ATTRIBUTE, 42);
				default -> session.setAttribute(ClientDetails.ATTRIBUTE, "203.0.113.7 Old Browser/1.0");
			}
			return kind;
		}

	}

}

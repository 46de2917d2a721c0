package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonAssert;
import org.springframework.test.json.JsonCompareMode;

/**
 * Drives the sample application over real HTTP, as a browser without JavaScript would, with a
 * clock that moves only when a test advances it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "autologout.idle-timeout=2m")
class SampleApplicationTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	private int port;

	@Autowired
	private MutableClock clock;

	@Test
	void userSignsInUsesTheAppAndIsSentToTheLoginPageWithTheIdleMessageAfterTheIdleTimeout() throws Exception {
		Browser browser = new Browser();
		browser.login("user", "password");
		HttpResponse<String> home = browser.get("/");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("<span id=\"username\">user</span>");
		HttpResponse<String> me = browser.get("/api/me");
		assertThat(me.statusCode()).isEqualTo(200);
		JsonAssert.comparator(JsonCompareMode.STRICT).assertIsMatch("{\"username\":\"user\"}", me.body());
		this.clock.advance(IDLE_TIMEOUT.plusSeconds(1));
		HttpResponse<String> expired = browser.get("/");
		assertThat(expired.statusCode()).isEqualTo(303);
		String location = expired.headers().firstValue(HttpHeaders.LOCATION).orElseThrow();
		assertThat(location).endsWith("/login?autologout=idle");
		HttpResponse<String> login = browser.get(URI.create("/").resolve(location).toString());
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("id=\"autologout-message\"")
			.contains("You were signed out because you were inactive for too long.");
		assertThat(browser.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void sessionCookieIsSameSiteLaxSoThatPagesOfOtherSitesCannotKeepASessionAliveWithTheirRequests()
			throws Exception {
		HttpResponse<String> loginPage = new Browser().get("/login");

		assertThat(loginPage.headers().allValues(HttpHeaders.SET_COOKIE))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=").contains("SameSite=Lax"));
	}

	@Test
	void sampleStartsWithTheShortIdleTimeoutOfTheReadmesCommand() {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--autologout.idle-timeout=30s", "--server.port=0")) {
			TimeoutPolicy policy = context.getBean(AutoLogoutProperties.class).defaultPolicy();
			assertThat(policy.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(policy.warnBefore()).isEqualTo(Duration.ofMillis(7500));
		}
	}

	@Test
	void abandonedSessionLeavesTheAdminsOnlineListWithoutARequest() throws Exception {
		Browser user = new Browser();
		user.login("user", "password");
		Browser admin = new Browser();
		admin.login("admin", "admin");
		assertThat(admin.get("/admin").body()).contains("id=\"online-user\"").contains("id=\"online-admin\"");
		this.clock.advance(IDLE_TIMEOUT.plusSeconds(1));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(admin.get("/admin").body())
			.doesNotContain("id=\"online-user\"")
			.contains("id=\"online-admin\""));
		HttpResponse<String> expired = user.get("/");
		assertThat(expired.statusCode()).isEqualTo(303);
		assertThat(expired.headers().firstValue(HttpHeaders.LOCATION)).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=idle"));
	}

	@Test
	void jsonApiOfAnIdleSessionGetsUnauthorizedProblem() throws Exception {
		Browser browser = new Browser();
		browser.login("user", "password");
		HttpResponse<String> me = browser.get("/api/me", MediaType.APPLICATION_JSON_VALUE);
		assertThat(me.statusCode()).isEqualTo(200);
		JsonAssert.comparator(JsonCompareMode.STRICT).assertIsMatch("{\"username\":\"user\"}", me.body());
		this.clock.advance(IDLE_TIMEOUT);
		HttpResponse<String> expired = browser.get("/api/me", MediaType.APPLICATION_JSON_VALUE);
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(expired.headers().firstValue(HttpHeaders.LOCATION)).isEmpty();
		assertThat(MediaType.parseMediaType(expired.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow()))
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonAssert.comparator(JsonCompareMode.LENIENT)
			.assertIsMatch("{\"status\":401,\"reason\":\"idle\",\"loginUrl\":\"/login\"}", expired.body());
		assertThat(browser.get("/api/me", MediaType.APPLICATION_JSON_VALUE).statusCode()).isNotEqualTo(200);
	}

	@Test
	void formPostWithAMalformedMultipartBodyIsABadRequestNotAServerError() throws Exception {
		Browser browser = new Browser();
		browser.login("user", "password");
		Matcher token = CSRF_TOKEN.matcher(browser.get("/sessions").body());
		assertThat(token.find()).as("CSRF token in the sessions page").isTrue();
		HttpResponse<String> post = browser.send(HttpRequest.newBuilder(browser.uri("/sessions/end"))
			.header("X-CSRF-TOKEN", token.group(1))
			.header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=zz")
			.POST(HttpRequest.BodyPublishers.ofString("--zz\r\ngarbage")));
		assertThat(post.statusCode()).isEqualTo(400);
	}

	/**
	 * A client with its own cookies that follows no redirects.
	 */
	private final class Browser {

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		void login(String username, String password) throws IOException, InterruptedException {
			HttpResponse<String> page = get("/login");
			assertThat(page.statusCode()).isEqualTo(200);
			Matcher token = CSRF_TOKEN.matcher(page.body());
			assertThat(token.find()).as("CSRF token in the login page").isTrue();
			String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
					+ encode(token.group(1));
			HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
				.POST(HttpRequest.BodyPublishers.ofString(form)));
			assertThat(login.statusCode()).isEqualTo(302);
			assertThat(login.headers().firstValue(HttpHeaders.LOCATION)).hasValueSatisfying(
					(location) -> assertThat(URI.create("/").resolve(location).getPath()).isEqualTo("/"));
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder(uri(path)).GET());
		}

		HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder(uri(path)).header(HttpHeaders.ACCEPT, accept).GET());
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + SampleApplicationTests.this.port + path);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
		}

	}

}

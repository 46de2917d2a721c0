package io.github.autologout.session;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.autologout.actuate.AutoLogoutMetrics;
import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.expiry.UserPresence;
import io.github.autologout.test.MutableClock;
import io.github.autologout.test.RequestsInFlight;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Force logout against the servlet container's own sessions, with real browsers: the index
 * follows logins, id changes and logouts, and ended sessions are answered with the reason.
 */
@SpringBootTest(classes = ForceLogoutEndToEndTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,autologout")
class ForceLogoutEndToEndTests {

	private static final String PASSWORD = ForceLogoutTestApplication.PASSWORD;

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private UserPresence presence;

	@Autowired
	private AutoLogoutProperties properties;

	@Autowired
	private RequestsInFlight requests;

	@Autowired
	private RevocationRegistry revocations;

	@Autowired
	private ServletWebServerApplicationContext webServer;

	@AfterEach
	void logoutEveryone() {
		this.forceLogout.logoutEveryone();
		this.clock.advance(Duration.ofSeconds(1));
	}

	@Test
	void logoutByAdminEndsOnlyTheUsersSessionsAndTheUserSeesWhy() {
		HttpBrowser laptop = browser().login("user", PASSWORD);
		HttpBrowser phone = browser().login("user", PASSWORD);
		HttpBrowser other = browser().login("other", PASSWORD);
		HttpBrowser admin = browser().login("admin", PASSWORD);
		assertThat(laptop.get("/").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));

		HttpResponse<String> logout = admin.basic("DELETE", "/actuator/autologout/user", "admin", PASSWORD);

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(logout.body()).contains("\"username\":\"user\"").contains("\"sessionsEnded\":2");
		HttpResponse<String> page = laptop.get("/");
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=forced"));
		assertThat(laptop.get("/login?autologout=forced").body())
			.contains("message=Your session was ended by an administrator.");
		HttpResponse<String> api = phone.getJson("/api/me");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(api.body()).contains("\"reason\":\"forced\"");
		assertThat(other.get("/").statusCode()).isEqualTo(200);
		assertThat(admin.get("/").statusCode()).isEqualTo(200);
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
	}

	@Test
	void aSessionThatAuthenticatedProgrammaticallyIsFoundFromItsFirstRequestThroughTheChain() {
		HttpBrowser browser = browser();
		assertThat(browser.get("/programmatic-login").body()).isEqualTo("signed in as user");
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();

		assertThat(browser.get("/").statusCode()).isEqualTo(200);

		assertThat(this.forceLogout.sessions("user", null)).extracting(SessionInfo::id)
			.containsExactly(browser.sessionId());
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.forceLogout.logout("user")).isEqualTo(1);
		HttpResponse<String> page = browser.get("/");
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=forced"));
	}

	@Test
	void theContainerHasNoSessionAttributeOrIdListenerSoItBuildsNoEventsForRequestAttributes() {
		Context context = tomcatContext();

		assertThat(context.getApplicationEventListeners()).isEmpty();
		assertThat(context.getApplicationLifecycleListeners()).hasAtLeastOneElementOfType(HttpSessionIndex.class);
	}

	@Test
	void loginWhenSessionIdChangesThenTheIndexFollowsIt() {
		HttpBrowser browser = browser();
		browser.get("/login");
		String anonymousId = browser.sessionId();

		browser.login("user", PASSWORD);

		assertThat(browser.sessionId()).isNotEqualTo(anonymousId);
		assertThat(this.forceLogout.sessions("user", browser.sessionId())).singleElement()
			.satisfies((session) -> {
				assertThat(session.id()).isEqualTo(browser.sessionId());
				assertThat(session.current()).isTrue();
				assertThat(session.authenticatedAt()).isEqualTo(this.clock.instant());
			});
	}

	@Test
	void loginAgainInAnAuthenticatedSessionThenTheIndexFollowsTheNewId() {
		HttpBrowser browser = browser().login("user", PASSWORD);
		String firstId = browser.sessionId();

		browser.login("user", PASSWORD);

		assertThat(browser.sessionId()).isNotEqualTo(firstId);
		assertThat(this.forceLogout.sessions("user", null)).extracting(SessionInfo::id)
			.containsExactly(browser.sessionId());
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.forceLogout.logout("user")).isEqualTo(1);
	}

	@Test
	void logoutByTheUserThenTheSessionLeavesTheIndex() {
		HttpBrowser browser = browser().login("user", PASSWORD);
		String csrf = HttpBrowser.csrf(browser.get("/csrf").body());

		browser.post("/logout", Map.of("_csrf", csrf));

		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		assertThat(this.forceLogout.users()).isEmpty();
	}

	@Test
	void sessionThatTheApplicationInvalidatesItselfStopsCountingItsUserAsPresentAtOnce() {
		HttpBrowser browser = browser().login("user", PASSWORD);
		assertThat(this.presence.isActive("user")).isTrue();

		assertThat(browser.get("/invalidate").body()).isEqualTo("invalidated");

		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		assertThat(this.presence.isActive("user")).isFalse();
		assertThat(this.presence.online()).doesNotContain("user");
	}

	@Test
	void sessionThatTheContainerExpiresStopsCountingItsUserAsPresentAtOnce() throws IOException {
		HttpBrowser browser = browser().login("user", PASSWORD);
		assertThat(this.presence.isActive("user")).isTrue();

		tomcatContext().getManager().findSession(browser.sessionId()).expire();

		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
		assertThat(this.presence.isActive("user")).isFalse();
		assertThat(this.presence.online()).doesNotContain("user");
	}

	@Test
	void sessionWhoseIdTheApplicationChangesIsStillEndedWithoutARequestAtItsDeadline() throws IOException {
		HttpBrowser browser = browser().login("user", PASSWORD);
		String changed = idChangedByTheApplicationAndListedByAnAdmin(browser);

		this.clock.advance(this.properties.getIdleTimeout().plusSeconds(1));

		// the pass deletes the session, then records why: the browser is told once it has recorded it
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.revocations.findSession(changed)).contains(LogoutReason.IDLE));
		assertThat(tomcatContext().getManager().findSession(changed)).isNull();
		assertThat(this.presence.isActive("user")).isFalse();
		HttpResponse<String> page = browser.get("/");
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location")).as("told why under the id the browser has")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?autologout=idle"));
	}

	@Test
	void sessionWhoseIdTheApplicationChangesStopsCountingItsUserAsPresentAtOnceWhenForcedOut() {
		idChangedByTheApplicationAndListedByAnAdmin(browser().login("user", PASSWORD));

		assertThat(this.forceLogout.logout("user")).isEqualTo(1);

		assertThat(this.presence.isActive("user")).isFalse();
		assertThat(this.presence.online()).doesNotContain("user");
	}

	/**
	 * Has the application change the id of the browser's session, of user, and lists the user's
	 * sessions as an administrator would, under the new id; returns that id once the requests have
	 * ended.
	 */
	private String idChangedByTheApplicationAndListedByAnAdmin(HttpBrowser browser) {
		String changed = browser.get("/change-session-id").body();
		assertThat(browser.sessionId()).isEqualTo(changed);
		assertThat(this.forceLogout.sessions("user", changed)).singleElement()
			.satisfies((session) -> assertThat(session.current()).isTrue());
		assertThat(this.presence.isActive("user")).isTrue();
		// the request's end, which records activity, may come after its response
		this.requests.awaitNone();
		return changed;
	}

	@Test
	void requestThatReadsItsSessionAfterItsUserWasForcedOutWhileItRanIsToldWhyRatherThanFailing() {
		HttpBrowser browser = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));

		HttpResponse<String> page = browser.get("/forced-out-while-running");

		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=forced"));
		this.clock.advance(Duration.ofSeconds(1));
		HttpBrowser script = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> api = script.getJson("/forced-out-while-running");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.body()).contains("\"reason\":\"forced\"").doesNotContain("read after");
		assertThat(this.forceLogout.sessions("user", null)).isEmpty();
	}

	@Test
	void requestThatFailsWhileItsSessionLivesOnStillFails() {
		HttpBrowser browser = browser().login("user", PASSWORD);

		assertThat(browser.get("/failing").statusCode()).isEqualTo(500);
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void logoutOtherSessionsKeepsTheCurrentOne() {
		HttpBrowser current = browser().login("user", PASSWORD);
		HttpBrowser older = browser().login("user", PASSWORD);
		HttpBrowser newer = browser().login("user", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logoutOtherSessions("user", current.sessionId())).isEqualTo(2);

		assertThat(current.get("/").statusCode()).isEqualTo(200);
		assertThat(older.get("/").statusCode()).isEqualTo(303);
		assertThat(newer.get("/").statusCode()).isEqualTo(303);
		assertThat(this.forceLogout.sessions("user", current.sessionId())).extracting(SessionInfo::current)
			.containsExactly(true);
	}

	@Test
	void logoutEveryoneEndsEverySession() {
		List<HttpBrowser> browsers = List.of(browser().login("user", PASSWORD), browser().login("other", PASSWORD),
				browser().login("admin", PASSWORD));
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logoutEveryone()).isEqualTo(3);

		assertThat(browsers).allSatisfy((browser) -> assertThat(browser.get("/").statusCode()).isEqualTo(303));
		assertThat(browser().login("user", PASSWORD).get("/").statusCode()).as("logging in again works")
			.isEqualTo(200);
	}

	@Test
	void actuatorListsUsersAndTheirSessionsWithoutSessionIds() {
		HttpBrowser first = browser().login("user", PASSWORD);
		browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		HttpBrowser admin = browser();

		HttpResponse<String> users = admin.basic("GET", "/actuator/autologout", "admin", PASSWORD);
		HttpResponse<String> sessions = admin.basic("GET", "/actuator/autologout/user", "admin", PASSWORD);

		assertThat(users.statusCode()).isEqualTo(200);
		assertThat(users.body()).contains("{\"username\":\"other\",\"sessions\":1,")
			.contains("{\"username\":\"user\",\"sessions\":2,")
			.contains("\"lastActivity\":\"2026-");
		assertThat(sessions.statusCode()).isEqualTo(200);
		assertThat(sessions.body()).contains("\"username\":\"user\"")
			.contains("\"reference\":\"" + this.forceLogout.sessions("user", first.sessionId()).get(0).reference())
			.doesNotContain(first.sessionId());
		assertThat(admin.basic("GET", "/actuator/autologout/nobody", "admin", PASSWORD).body())
			.isEqualTo("{\"username\":\"nobody\",\"active\":false,\"lastSeen\":null,\"sessions\":[]}");
	}

	@Test
	void actuatorIsOnlyForAdministrators() {
		HttpBrowser user = browser().login("user", PASSWORD);
		HttpBrowser client = browser();

		assertThat(client.anonymous("GET", "/actuator/autologout").statusCode()).isEqualTo(401);
		assertThat(client.anonymous("DELETE", "/actuator/autologout/user").statusCode()).isEqualTo(401);
		assertThat(client.basic("GET", "/actuator/autologout", "user", PASSWORD).statusCode()).isEqualTo(403);
		assertThat(client.basic("DELETE", "/actuator/autologout/user", "user", PASSWORD).statusCode())
			.isEqualTo(403);
		assertThat(client.basic("DELETE", "/actuator/autologout/user", "admin", "wrong").statusCode())
			.isEqualTo(401);

		assertThat(user.get("/").statusCode()).isEqualTo(200);
		assertThat(this.forceLogout.sessions("user", null)).hasSize(1);
	}

	@Test
	void actuatorWhenUsernameOddThenEndsNothing() {
		HttpBrowser user = browser().login("user", PASSWORD);
		HttpBrowser admin = browser();
		this.clock.advance(Duration.ofSeconds(1));

		for (String username : List.of("*", "us*", "user%20", "%20user", "USER", "%E7%94%A8%E6%88%B7", "a:b",
				"x".repeat(2000))) {
			HttpResponse<String> response = admin.basic("DELETE", "/actuator/autologout/" + username, "admin",
					PASSWORD);
			assertThat(response.statusCode()).as(username).isEqualTo(200);
			assertThat(response.body()).as(username).contains("\"sessionsEnded\":0");
		}
		assertThat(admin.basic("DELETE", "/actuator/autologout/us%25", "admin", PASSWORD).statusCode())
			.as("an encoded percent is rejected by the firewall").isEqualTo(400);

		assertThat(user.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorTakesANameThatAPathCannotCarryAsAParameter() {
		HttpBrowser alice = browser().login("DOMAIN\\alice", PASSWORD);
		HttpBrowser admin = browser();
		this.clock.advance(Duration.ofSeconds(1));
		String parameter = "?username=" + URLEncoder.encode("DOMAIN\\alice", StandardCharsets.UTF_8);
		assertThat(admin.basic("GET", "/actuator/autologout/DOMAIN%5Calice", "admin", PASSWORD).statusCode())
			.as("a backslash in the path is refused").isEqualTo(400);

		assertThat(admin.basic("GET", "/actuator/autologout" + parameter, "admin", PASSWORD).body())
			.startsWith("{\"username\":\"DOMAIN\\\\alice\",\"active\":true,");
		HttpResponse<String> logout = admin.basic("DELETE", "/actuator/autologout" + parameter, "admin", PASSWORD);

		assertThat(logout.body()).isEqualTo("{\"username\":\"DOMAIN\\\\alice\",\"sessionsEnded\":1}");
		assertThat(alice.get("/").statusCode()).isEqualTo(303);
		assertThat(admin.basic("DELETE", "/actuator/autologout", "admin", PASSWORD).statusCode())
			.as("no name, nothing ended").isEqualTo(400);
		assertThat(admin.basic("GET", "/actuator/autologout", "admin", PASSWORD).body()).startsWith("{\"users\":");
	}

	@Test
	void metricsCountEndedSessionsByReason() {
		double forced = count("forced");
		double disabled = count("disabled");
		HttpBrowser first = browser().login("user", PASSWORD);
		browser().login("user", PASSWORD);
		browser().login("other", PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));

		this.forceLogout.logout("user");
		this.forceLogout.logout("other", LogoutReason.DISABLED);
		first.get("/");

		assertThat(count("forced")).isEqualTo(forced + 2);
		assertThat(count("disabled")).isEqualTo(disabled + 1);
		assertThat(count("idle")).isZero();
	}

	private double count(String reason) {
		return this.meters.get(AutoLogoutMetrics.LOGOUTS).tag("reason", reason).counter().count();
	}

	private Context tomcatContext() {
		return (Context) ((TomcatWebServer) this.webServer.getWebServer()).getTomcat().getHost().findChildren()[0];
	}

	private HttpBrowser browser() {
		return new HttpBrowser(this.port);
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class,
			ScenarioConfigurations.FormLoginChain.class, CsrfPage.class, RequestsInFlight.class })
	static class Application {

	}

	@RestController
	static class CsrfPage {

		private final ForceLogoutService forceLogout;

		CsrfPage(ForceLogoutService forceLogout) {
			this.forceLogout = forceLogout;
		}

		@GetMapping("/csrf")
		String csrf(CsrfToken token) {
			return "csrf=" + token.getToken();
		}

		/** Ends the session without a logout, as an application's own code can. */
		@GetMapping("/invalidate")
		String invalidate(HttpSession session) {
			session.invalidate();
			return "invalidated";
		}

		/**
		 * Reads its session after its user was forced out while it ran, as a request in flight
		 * does when an administrator ends the session meanwhile: the container's session is then
		 * invalidated, and reading it fails.
		 */
		@GetMapping("/forced-out-while-running")
		String forcedOutWhileRunning(HttpSession session, Principal principal) {
			this.forceLogout.logout(principal.getName());
			return "read after: " + session.getAttribute("anything");
		}

		/** Fails as an application's bug would, with the session left alone. */
		@GetMapping("/failing")
		String failing() {
			throw new IllegalStateException("a bug of the application");
		}

		/** Gives the session a new id without a login, as an application's own code can. */
		@GetMapping("/change-session-id")
		String changeSessionId(HttpServletRequest request) {
			return request.changeSessionId();
		}

		/** Signs in without the chain's login strategy, as an application's own code can. */
		@GetMapping("/programmatic-login")
		String programmaticLogin(HttpServletRequest request, HttpServletResponse response) {
			SecurityContext context = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("user",
					null, AuthorityUtils.createAuthorityList("ROLE_USER")));
			new HttpSessionSecurityContextRepository().saveContext(context, request, response);
			return "signed in as user";
		}

	}

}

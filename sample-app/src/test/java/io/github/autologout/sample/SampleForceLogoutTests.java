package io.github.autologout.sample;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.UserSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a new user tries it: two browsers, an administrator who forces a user out, a
 * user who ends their other sessions or changes their password, and the Actuator endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleForceLogoutTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@AfterEach
	void endEverySession() {
		for (UserSessions user : this.forceLogout.users()) {
			for (SessionInfo session : this.forceLogout.sessions(user.username(), null)) {
				this.forceLogout.logoutSession(session.id());
			}
		}
	}

	@Test
	void forceLogoutOnTheAdminPageSendsTheUserToTheLoginPageWithTheMessage() {
		Browser user = browser().login("user", "password");
		Browser admin = browser().login("admin", "admin");
		assertThat(admin.get("/admin").body()).contains("id=\"user-user\"")
			.contains("Force logout")
			.contains("curl -u admin:admin http://localhost:" + this.port + "/actuator/autologout");

		HttpResponse<String> logout = admin.submit("/admin", "/admin/logout", Map.of("username", "user"));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(admin.get("/admin").body()).contains("Ended 1 session(s) of user.").doesNotContain("id=\"user-user\"");
		HttpResponse<String> click = user.get("/");
		assertThat(click.statusCode()).isEqualTo(303);
		assertThat(click.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=forced"));
		assertThat(user.get("/login?autologout=forced").body()).contains("id=\"autologout-message\"")
			.contains("Your session was ended by an administrator.");
		assertThat(admin.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void forceLogoutKeepsAUserWithRememberMeOut() {
		Browser user = browser().login("user", "password", true);
		String rememberMe = user.cookie("remember-me");
		assertThat(browser().withCookie("remember-me", rememberMe).get("/").statusCode())
			.as("the cookie alone logs in before the forced logout").isEqualTo(200);
		Browser admin = browser().login("admin", "admin");

		admin.submit("/admin", "/admin/logout", Map.of("username", "user"));

		HttpResponse<String> click = user.get("/");
		assertThat(click.statusCode()).isEqualTo(303);
		assertThat(click.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?autologout=forced"));
		assertThat(user.hasCookie("remember-me")).as("cancelled").isFalse();
		HttpResponse<String> replay = browser().withCookie("remember-me", rememberMe).get("/");
		assertThat(replay.statusCode()).as("the cookie alone no longer logs in").isEqualTo(302);
		assertThat(replay.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void adminPageIsForAdministratorsOnly() {
		assertThat(browser().login("user", "password").get("/admin").statusCode()).isEqualTo(403);
	}

	@Test
	void mySessionsMarksThisSessionAndLogsOutTheOtherDevicesTellingThemTheUserDidIt() {
		Browser laptop = browser().login("user", "password");
		Browser phone = browser().login("user", "password");
		Browser admin = browser().login("admin", "admin");

		String page = laptop.get("/sessions").body();
		assertThat(occurrences(page, "class=\"this-session\"")).isEqualTo(1);
		assertThat(occurrences(page, "class=\"end-session\"")).isEqualTo(1);
		assertThat(page).doesNotContain(laptop.sessionId()).doesNotContain(phone.sessionId());

		laptop.submit("/sessions", "/sessions/logout-others", Map.of());

		assertThat(laptop.get("/sessions").body()).contains("Signed out 1 other session(s).");
		assertEndedByTheUser(phone);
		assertThat(laptop.get("/").statusCode()).isEqualTo(200);
		assertThat(admin.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void mySessionsEndsOneOtherSessionByItsReferenceTellingItTheUserDidIt() {
		Browser laptop = browser().login("user", "password");
		Browser phone = browser().login("user", "password");
		Browser tablet = browser().login("user", "password");
		String phoneReference = this.forceLogout.sessions("user", phone.sessionId())
			.stream()
			.filter(SessionInfo::current)
			.findFirst()
			.orElseThrow()
			.reference();
		assertThat(laptop.get("/sessions").body()).contains(phoneReference);

		laptop.submit("/sessions", "/sessions/end", Map.of("reference", phoneReference));
		laptop.submit("/sessions", "/sessions/end", Map.of("reference", "not-a-reference"));

		assertEndedByTheUser(phone);
		assertThat(tablet.get("/").statusCode()).isEqualTo(200);
		assertThat(laptop.get("/").statusCode()).isEqualTo(200);
	}

	private static void assertEndedByTheUser(Browser browser) {
		HttpResponse<String> click = browser.get("/");
		assertThat(click.statusCode()).isEqualTo(303);
		assertThat(click.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?autologout=ended_by_user"));
		assertThat(browser.get("/login?autologout=ended_by_user").body())
			.contains("You were signed out here from another of your sessions.");
	}

	@Test
	void mySessionsCannotEndAnotherUsersSession() {
		Browser user = browser().login("user", "password");
		Browser admin = browser().login("admin", "admin");
		String adminReference = this.forceLogout.sessions("admin", null).get(0).reference();

		user.submit("/sessions", "/sessions/end", Map.of("reference", adminReference));

		assertThat(admin.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void changePasswordEndsTheOtherSessionsAndKeepsThisOne() {
		Browser laptop = browser().login("user", "password");
		Browser phone = browser().login("user", "password");
		Browser admin = browser().login("admin", "admin");
		try {
			HttpResponse<String> change = laptop.submit("/password", "/password",
					Map.of("currentPassword", "password", "newPassword", "correct-horse"));

			assertThat(change.statusCode()).isEqualTo(302);
			assertThat(laptop.get("/password").body()).contains("1 other session(s) were signed out.");
			HttpResponse<String> click = phone.get("/");
			assertThat(click.statusCode()).isEqualTo(303);
			assertThat(click.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).endsWith("/login?autologout=credentials_changed"));
			assertThat(phone.get("/login?autologout=credentials_changed").body())
				.contains("You were signed out because your password was changed.");
			assertThat(laptop.get("/").statusCode()).isEqualTo(200);
			assertThat(admin.get("/").statusCode()).isEqualTo(200);
			assertThat(browser().login("user", "correct-horse").get("/").statusCode()).isEqualTo(200);
		}
		finally {
			laptop.submit("/password", "/password",
					Map.of("currentPassword", "correct-horse", "newPassword", "password"));
		}
	}

	@Test
	void changePasswordWithAWrongCurrentPasswordChangesNothing() {
		Browser laptop = browser().login("user", "password");
		Browser phone = browser().login("user", "password");

		HttpResponse<String> change = laptop.submit("/password", "/password",
				Map.of("currentPassword", "wrong", "newPassword", "correct-horse"));

		assertThat(change.statusCode()).isEqualTo(200);
		assertThat(change.body()).contains("The current password is wrong.");
		assertThat(phone.get("/").statusCode()).isEqualTo(200);
		assertThat(browser().login("user", "password").get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorEndpointIsForAdminWithHttpBasic() {
		Browser user = browser().login("user", "password");
		assertThat(user.get("/").statusCode()).isEqualTo(200);
		Browser curl = browser();

		assertThat(curl.anonymous("GET", "/actuator/autologout").statusCode()).isEqualTo(401);
		assertThat(curl.basic("GET", "/actuator/autologout", "user", "password").statusCode()).isEqualTo(403);
		assertThat(curl.anonymous("GET", "/actuator/health").statusCode()).isEqualTo(200);
		HttpResponse<String> users = curl.basic("GET", "/actuator/autologout", "admin", "admin");
		assertThat(users.statusCode()).isEqualTo(200);
		assertThat(users.body()).contains("{\"username\":\"user\",\"sessions\":1,");
		HttpResponse<String> sessions = curl.basic("GET", "/actuator/autologout/user", "admin", "admin");
		assertThat(sessions.body()).contains("\"clientAddress\":\"127.0.0.1\"")
			.contains("\"active\":true")
			.contains("\"lastSeen\":\"")
			.doesNotContain(user.sessionId());

		HttpResponse<String> logout = curl.basic("DELETE", "/actuator/autologout/user", "admin", "admin");

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(logout.body()).isEqualTo("{\"username\":\"user\",\"sessionsEnded\":1}");
		assertThat(user.get("/").statusCode()).isEqualTo(303);
		assertThat(curl.basic("GET", "/actuator/autologout/user", "admin", "admin").body())
			.contains("\"active\":false")
			.contains("\"sessions\":[]");
	}

	@Test
	void actuatorAnswersHttpBasicWhateverSessionCookieTheBrowserSendsWithIt() {
		Browser admin = browser().login("admin", "admin");
		Browser user = browser().login("user", "password");

		assertThat(user.basic("GET", "/actuator/autologout", "admin", "admin").statusCode()).isEqualTo(200);
		this.forceLogout.logout("admin");
		HttpResponse<String> ended = admin.basic("GET", "/actuator/autologout", "admin", "admin");

		assertThat(ended.statusCode()).as("not refused for the ended session").isEqualTo(200);
		assertThat(ended.headers().allValues("Set-Cookie")).as("no session from the stateless chain").isEmpty();
		assertThat(user.basic("GET", "/actuator/autologout", "admin", "admin").statusCode()).isEqualTo(200);
		assertThat(user.get("/").statusCode()).as("another user's session is left alone").isEqualTo(200);
		assertThat(admin.get("/").headers().firstValue("Location")).as("the ended session's browser is told why")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?autologout=forced"));
	}

	@Test
	void logoutsAreCountedByReasonInTheActuatorsMetricsForAdminOnly() {
		Browser curl = browser();
		String metric = "/actuator/metrics/autologout.logouts?tag=reason:ended_by_user";
		double before = count(curl.basic("GET", metric, "admin", "admin"));
		Browser laptop = browser().login("user", "password");
		browser().login("user", "password");

		laptop.submit("/sessions", "/sessions/logout-others", Map.of());

		assertThat(count(curl.basic("GET", metric, "admin", "admin"))).isEqualTo(before + 1);
		assertThat(curl.basic("GET", metric, "user", "password").statusCode()).isEqualTo(403);
		assertThat(curl.anonymous("GET", metric).statusCode()).isEqualTo(401);
	}

	private static double count(HttpResponse<String> metric) {
		assertThat(metric.statusCode()).isEqualTo(200);
		Matcher count = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)").matcher(metric.body());
		assertThat(count.find()).as(metric.body()).isTrue();
		return Double.parseDouble(count.group(1));
	}

	private Browser browser() {
		return new Browser(this.port);
	}

	private static int occurrences(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}

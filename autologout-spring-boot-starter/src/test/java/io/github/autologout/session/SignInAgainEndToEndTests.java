package io.github.autologout.session;

import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;

import io.github.autologout.test.MutableClock;
import io.github.autologout.test.RequestsInFlight;
import org.junit.jupiter.api.Test;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in again after autologout ended a session, over real HTTP on Tomcat: the page the
 * browser asked for when it was sent to the login page is where the login leads, as Spring
 * Security leads back to a page that needed a login.
 */
@SpringBootTest(classes = SignInAgainEndToEndTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInAgainEndToEndTests {

	private static final Duration PAST_IDLE_TIMEOUT = Duration.ofMinutes(31);

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private RequestsInFlight requests;

	@Test
	void pageAskedForPastTheIdleTimeoutIsWhereSigningInAgainLeads() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		String ended = user.sessionId();
		this.clock.advance(PAST_IDLE_TIMEOUT);

		HttpResponse<String> told = user.navigate("/orders?id=7");
		assertThat(told.statusCode()).isEqualTo(303);
		assertThat(told.headers().firstValue("Location")).hasValue("/login?autologout=idle");
		assertThat(user.sessionId()).as("a new session's cookie replaces the ended one's").isNotEqualTo(ended);

		assertThat(signInAgain(user)).endsWith("/orders?id=7&continue");
		assertThat(user.navigate("/orders?id=7&continue").body()).isEqualTo("order 7 of user");
	}

	@Test
	void pageAskedForAfterAnAdministratorEndedTheSessionIsWhereSigningInAgainLeads() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		this.requests.awaitNone();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.forceLogout.logout("user")).isPositive();

		HttpResponse<String> told = user.navigate("/orders?id=8");
		assertThat(told.statusCode()).isEqualTo(303);
		assertThat(told.headers().firstValue("Location")).hasValue("/login?autologout=forced");

		assertThat(signInAgain(user)).endsWith("/orders?id=8&continue");
	}

	@Test
	void pageReloadedAfterItsScriptWasToldWhyTheSessionEndedIsToldWhyAndKept() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		String ended = user.sessionId();
		this.requests.awaitNone();
		this.clock.advance(Duration.ofSeconds(1));
		this.forceLogout.logout("user");

		HttpResponse<String> status = user.getJson("/autologout/status");
		assertThat(status.statusCode()).isEqualTo(401);
		assertThat(status.body()).contains("\"reason\":\"forced\"");
		assertThat(user.sessionId()).as("a new session's cookie replaces the ended one's").isNotEqualTo(ended);

		HttpResponse<String> reloaded = user.navigate("/orders?id=9");
		assertThat(reloaded.headers().firstValue("Location")).hasValue("/login?autologout=forced");
		assertThat(reloaded.headers().allValues("Set-Cookie")).as("the reason travels in the query now")
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("AUTOLOGOUT_REASON=;").contains("Max-Age=0"));
		assertThat(signInAgain(user)).endsWith("/orders?id=9&continue");
	}

	@Test
	void neitherAScriptRequestNorTheLoginPageOfASessionPastItsIdleTimeoutIsAPageToLeadBackTo() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		this.clock.advance(PAST_IDLE_TIMEOUT);

		HttpResponse<String> told = user.getJson("/orders?id=10");
		assertThat(told.statusCode()).isEqualTo(401);
		assertThat(told.body()).contains("\"reason\":\"idle\"");
		HttpResponse<String> loginPage = user.get("/login");
		assertThat(loginPage.headers().firstValue("Location")).as("told why again")
			.hasValue("/login?autologout=idle");

		assertThat(signInAgain(user)).as("neither the script's request nor the login page")
			.doesNotContain("orders")
			.doesNotContain("login")
			.endsWith("/");
	}

	/** Signs in again from the login page and returns where the login leads. */
	private static String signInAgain(HttpBrowser user) {
		return user.login("user", ForceLogoutTestApplication.PASSWORD).lastLoginLocation();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class, Orders.class,
			RequestsInFlight.class })
	static class Application {

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return ForceLogoutTestApplication.formLogin(http).build();
		}

	}

	@RestController
	static class Orders {

		@GetMapping("/orders")
		String order(@RequestParam int id, Principal principal) {
			return "order " + id + " of " + principal.getName();
		}

	}

}

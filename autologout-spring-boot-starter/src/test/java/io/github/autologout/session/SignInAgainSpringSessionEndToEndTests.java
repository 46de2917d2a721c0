package io.github.autologout.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page that the script reloads once the server told it why its session ended, over real HTTP
 * on Tomcat with Spring Session, which clears the session cookie of a session that a request
 * ends: the page comes without the ended session's cookie and is told why all the same, from the
 * reason cookie, and kept for after the login, public pages too.
 */
@SpringBootTest(classes = SignInAgainSpringSessionEndToEndTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInAgainSpringSessionEndToEndTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private RequestsInFlight requests;

	@Test
	void publicPageReloadedAfterTheStatusRequestEndedItsSessionIsToldWhyAndKept() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		this.clock.advance(Duration.ofMinutes(31));

		HttpResponse<String> status = user.getJson("/autologout/status");
		assertThat(status.statusCode()).isEqualTo(401);
		assertThat(status.body()).contains("\"reason\":\"idle\"");
		assertThat(status.headers().allValues("Set-Cookie")).as("the ended session's cookie cleared")
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=;").contains("Max-Age=0"));

		HttpResponse<String> reloaded = user.navigate("/public");
		assertThat(reloaded.statusCode()).isEqualTo(303);
		assertThat(reloaded.headers().firstValue("Location")).hasValue("/login?autologout=idle");
		assertThat(user.navigate("/public").statusCode()).as("told once").isEqualTo(200);
		assertThat(signInAgain(user)).endsWith("/public?continue");
	}

	@Test
	void pageReloadedAfterAKeepAliveRefusedForASessionEndedElsewhereIsToldWhy() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		String csrf = HttpBrowser.csrf(user.get("/login").body());
		this.requests.awaitNone();
		this.clock.advance(Duration.ofSeconds(1));
		this.forceLogout.logout("user");

		HttpResponse<String> keepAlive = user.post("/autologout/keep-alive", Map.of("_csrf", csrf));
		assertThat(keepAlive.statusCode()).isEqualTo(401);
		assertThat(keepAlive.body()).contains("\"reason\":\"forced\"");

		HttpResponse<String> reloaded = user.navigate("/public");
		assertThat(reloaded.statusCode()).isEqualTo(303);
		assertThat(reloaded.headers().firstValue("Location")).hasValue("/login?autologout=forced");
	}

	@Test
	void imageFramePrefetchScriptCallOrNavigationFromElsewhereAfterTheScriptWasToldIsNeitherRedirectedNorKept() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(user.getJson("/autologout/status").statusCode()).isEqualTo(401);

		assertThat(user.get("/public", "Sec-Fetch-Dest", "image").statusCode()).as("image").isEqualTo(200);
		assertThat(user.get("/public", "Sec-Fetch-Dest", "iframe").statusCode()).as("frame").isEqualTo(200);
		assertThat(user.get("/public", "Sec-Fetch-Dest", "document", "Sec-Purpose", "prefetch").statusCode())
			.as("prefetch")
			.isEqualTo(200);
		assertThat(user.get("/public", "Accept", "image/avif,image/webp,*/*;q=0.8").statusCode())
			.as("image, without fetch metadata")
			.isEqualTo(200);
		assertThat(user.getJson("/public").statusCode()).as("a script's call").isEqualTo(200);
		for (String site : new String[] { "none", "cross-site", "same-site" }) {
			assertThat(user.get("/public", "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", site).statusCode())
				.as("a navigation not of the page itself: " + site)
				.isEqualTo(200);
		}
		assertThat(signInAgain(user)).as("nothing kept").doesNotContain("public");
	}

	@Test
	void pageReloadedWithoutFetchMetadataIsToldWhyByItsAskingForHtml() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(user.getJson("/autologout/status").statusCode()).isEqualTo(401);

		HttpResponse<String> reloaded = user.get("/public", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		assertThat(reloaded.headers().firstValue("Location")).hasValue("/login?autologout=idle");
	}

	/** Signs in again from the login page and returns where the login leads. */
	private static String signInAgain(HttpBrowser user) {
		return user.login("user", ForceLogoutTestApplication.PASSWORD).lastLoginLocation();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringHttpSession
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class, PublicPage.class,
			RequestsInFlight.class })
	static class Application {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public").permitAll());
			return ForceLogoutTestApplication.formLogin(http).build();
		}

	}

	@RestController
	static class PublicPage {

		@GetMapping("/public")
		String page() {
			return "public page";
		}

	}

}

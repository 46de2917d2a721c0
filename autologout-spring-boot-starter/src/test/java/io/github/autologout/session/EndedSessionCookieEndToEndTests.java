package io.github.autologout.session;

import java.net.http.HttpResponse;
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
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie of a session that ended without a request of its own, over real HTTP on Tomcat, in an
 * application whose login page makes no session (its CSRF tokens live in a cookie): the browser is
 * told why once, then goes on as any anonymous visitor, while a copy of the ended cookie is told
 * why every time.
 */
@SpringBootTest(classes = EndedSessionCookieEndToEndTests.Application.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class EndedSessionCookieEndToEndTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private RequestsInFlight requests;

	@Test
	void browserIsToldWhyOnceAndThenSeesPublicPagesWhereTheLoginPageMakesNoSession() {
		HttpBrowser user = new HttpBrowser(this.port).login("user", ForceLogoutTestApplication.PASSWORD);
		// the page the login redirects to: the login page made no session, so this is the first
		// request of the session that its login created
		assertThat(user.get("/").statusCode()).isEqualTo(200);
		String ended = user.sessionId();
		// a request that ends after the logout revoked its user ends its session itself
		this.requests.awaitNone();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.forceLogout.logout("user")).isEqualTo(1);

		HttpResponse<String> told = user.get("/public");
		assertThat(told.statusCode()).isEqualTo(303);
		assertThat(told.headers().firstValue("Location")).hasValue("/login?autologout=forced");
		assertThat(user.get("/login?autologout=forced").body())
			.contains("message=Your session was ended by an administrator.");

		for (int i = 0; i < 3; i++) {
			HttpResponse<String> page = user.get("/public");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).isEqualTo("public page");
		}
		assertThat(user.sessionId()).isNotEqualTo(ended);
		HttpResponse<String> replay = user.replaying(ended).get("/public");
		assertThat(replay.statusCode()).isEqualTo(303);
		assertThat(replay.headers().firstValue("Location")).hasValue("/login?autologout=forced");
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class, PublicPage.class,
			RequestsInFlight.class })
	static class Application {

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public").permitAll());
			http.csrf((csrf) -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository()));
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

package io.github.autologout.session;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.security.RevocationAwarePersistentTokenRepository;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Persistent remember-me cannot bring a forced out user back: the user's tokens are removed, and
 * tokens last used before a logout of everyone are refused. The system clock is used, as Spring
 * Security dates the tokens with it.
 */
@SpringBootTest(classes = PersistentRememberMeMockMvcTests.Application.class)
@AutoConfigureMockMvc
class PersistentRememberMeMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MapTokenRepository tokens;

	@Autowired
	private HttpSessionIndex sessions;

	@BeforeEach
	void endSessionsOfEarlierTests() {
		MockMvcLogins.endEverySession(this.sessions);
	}

	@Test
	void getWithCookieWhenUserForcedOutThenTokensAreRemovedAndCookieRefused() throws Exception {
		Cookie rememberMe = rememberMeLogin("user");
		Cookie otherRememberMe = rememberMeLogin("other");
		rememberMe = getWithCookie(rememberMe);
		long otherTokens = this.tokens.count("other");
		assertThat(this.tokens.count("user")).isPositive();

		this.forceLogout.logout("user");

		assertThat(this.tokens.count("user")).isZero();
		assertThat(this.tokens.count("other")).isEqualTo(otherTokens);
		this.mvc.perform(get("/").cookie(rememberMe))
			.andExpect(unauthenticated())
			.andExpect(cookie().maxAge("remember-me", 0));
		getWithCookie(otherRememberMe);
	}

	@Test
	void getWithSessionAndCookieWhenUserForcedOutThenTellsWhyAndDoesNotLogBackIn() throws Exception {
		MvcResult login = MockMvcLogins.loginResult(this.mvc, "user", true);
		MockHttpSession session = (MockHttpSession) login.getRequest().getSession(false);
		Cookie rememberMe = login.getResponse().getCookie("remember-me");

		this.forceLogout.logout("user");

		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(session)).cookie(rememberMe))
			.andExpect(redirectedUrl("/login?autologout=forced"));
		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(unauthenticated());
	}

	@Test
	void getWithCookieWhenEveryoneForcedOutThenRefusesTokensLastUsedBefore() throws Exception {
		Cookie rememberMe = getWithCookie(rememberMeLogin("other"));
		// the user's sessions end without a logout of the user, which leaves the token in place
		this.forceLogout.sessions("other", null).forEach((session) -> this.forceLogout.logoutSession(session.id()));
		int tokensBefore = this.tokens.size();

		this.forceLogout.logoutEveryone();

		assertThat(this.tokens.size()).as("no session was left, so no token was removed").isEqualTo(tokensBefore);
		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(unauthenticated());
	}

	@Test
	void getWithCookieIssuedAfterForcedLogoutThenLogsIn() throws Exception {
		this.forceLogout.logout("user");
		HashRememberMeMockMvcTests.waitForTheNextMillisecond();

		Cookie rememberMe = rememberMeLogin("user");

		getWithCookie(rememberMe);
	}

	private Cookie rememberMeLogin(String username) throws Exception {
		Cookie cookie = MockMvcLogins.loginResult(this.mvc, username, true).getResponse().getCookie("remember-me");
		assertThat(cookie).isNotNull();
		return cookie;
	}

	/**
	 * Logs in with the cookie alone, and returns the cookie with the token it was refreshed to.
	 */
	private Cookie getWithCookie(Cookie rememberMe) throws Exception {
		Cookie refreshed = this.mvc.perform(get("/").cookie(rememberMe))
			.andExpect(status().isOk())
			.andExpect(authenticated())
			.andReturn()
			.getResponse()
			.getCookie("remember-me");
		assertThat(refreshed).isNotNull();
		return refreshed;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ForceLogoutTestApplication.class)
	static class Application {

		@Bean
		MapTokenRepository mapTokenRepository() {
			return new MapTokenRepository();
		}

		@Bean
		RevocationAwarePersistentTokenRepository persistentTokenRepository(MapTokenRepository tokens,
				RevocationRegistry revocationRegistry) {
			return new RevocationAwarePersistentTokenRepository(tokens, revocationRegistry);
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http,
				RevocationAwarePersistentTokenRepository persistentTokenRepository) throws Exception {
			return ForceLogoutTestApplication.formLogin(http)
				.rememberMe((rememberMe) -> rememberMe.tokenRepository(persistentTokenRepository))
				.build();
		}

	}

}

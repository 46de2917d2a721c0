package io.github.autologout.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.security.RevocationAwareTokenBasedRememberMeServices;
import jakarta.servlet.http.Cookie;
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
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
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
 * Hash-based remember-me cannot bring a forced out user back: cookies issued before the logout
 * are refused and cancelled, cookies issued after it work. The system clock is used, as Spring
 * Security stamps the cookies with it.
 */
@SpringBootTest(classes = HashRememberMeMockMvcTests.Application.class)
@AutoConfigureMockMvc
class HashRememberMeMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ForceLogoutService forceLogout;

	@Test
	void getWithCookieWhenUserForcedOutThenRefusesAndCancelsTheCookie() throws Exception {
		Cookie rememberMe = rememberMeLogin("user");
		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(status().isOk()).andExpect(authenticated());

		this.forceLogout.logout("user");

		this.mvc.perform(get("/").cookie(rememberMe))
			.andExpect(status().isFound())
			.andExpect(unauthenticated())
			.andExpect(cookie().maxAge("remember-me", 0));
	}

	@Test
	void getWithSessionAndCookieWhenUserForcedOutThenTellsWhyAndDoesNotLogBackIn() throws Exception {
		MvcResult login = MockMvcLogins.loginResult(this.mvc, "user", true);
		MockHttpSession session = (MockHttpSession) login.getRequest().getSession(false);
		Cookie rememberMe = login.getResponse().getCookie("remember-me");

		this.forceLogout.logout("user");

		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(session)).cookie(rememberMe))
			.andExpect(redirectedUrl("/login?autologout=forced"))
			.andExpect(cookie().maxAge("remember-me", 0));
		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(unauthenticated());
	}

	@Test
	void getWithCookieIssuedAfterForcedLogoutThenLogsIn() throws Exception {
		this.forceLogout.logout("user");
		waitForTheNextMillisecond();

		Cookie rememberMe = rememberMeLogin("user");

		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(status().isOk()).andExpect(authenticated());
	}

	@Test
	void getWithCookieOfAnotherUserWhenUserForcedOutThenLogsIn() throws Exception {
		Cookie rememberMe = rememberMeLogin("other");

		this.forceLogout.logout("user");

		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(status().isOk()).andExpect(authenticated());
	}

	@Test
	void logoutOfOtherDevicesRefusesTheCookiesOfDevicesThatSignedInBeforeAndAfterTheCurrentSessionAndItsOwn()
			throws Exception {
		Cookie older = rememberMeLogin("user");
		waitForTheNextMillisecond();
		MvcResult current = MockMvcLogins.loginResult(this.mvc, "user", true);
		MockHttpSession currentSession = (MockHttpSession) current.getRequest().getSession(false);
		waitForTheNextMillisecond();
		Cookie newer = rememberMeLogin("user");

		assertThat(this.forceLogout.logoutOtherSessions("user", currentSession.getId())).isEqualTo(2);

		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(currentSession)))
			.andExpect(status().isOk())
			.andExpect(authenticated());
		this.mvc.perform(get("/").cookie(newer))
			.andExpect(unauthenticated())
			.andExpect(cookie().maxAge("remember-me", 0));
		this.mvc.perform(get("/").cookie(older)).andExpect(unauthenticated());
		// issued with the login that goes on, mostly in its millisecond, but a copy could be anyone's
		this.mvc.perform(get("/").cookie(current.getResponse().getCookie("remember-me")))
			.andExpect(unauthenticated());
	}

	@Test
	void getWithCookieWhenEveryoneForcedOutThenRefuses() throws Exception {
		Cookie rememberMe = rememberMeLogin("other");

		this.forceLogout.logoutEveryone();

		this.mvc.perform(get("/").cookie(rememberMe)).andExpect(unauthenticated());
	}

	@Test
	void getWithForgedCookieNamingAnUnknownAlgorithmThenCancelsItInsteadOfFailing() throws Exception {
		String forged = Base64.getEncoder()
			.withoutPadding()
			.encodeToString("user:9999999999999:sha256:x".getBytes(StandardCharsets.UTF_8));

		this.mvc.perform(get("/").cookie(new Cookie("remember-me", forged)))
			.andExpect(status().isFound())
			.andExpect(unauthenticated())
			.andExpect(cookie().maxAge("remember-me", 0));
	}

	private Cookie rememberMeLogin(String username) throws Exception {
		Cookie cookie = MockMvcLogins.loginResult(this.mvc, username, true).getResponse().getCookie("remember-me");
		assertThat(cookie).isNotNull();
		return cookie;
	}

	/**
	 * Revocations are kept to the millisecond and rounded up; a cookie issued in the same
	 * millisecond as the logout counts as issued before it.
	 */
	static void waitForTheNextMillisecond() {
		long now = System.currentTimeMillis();
		while (System.currentTimeMillis() <= now) {
			Thread.onSpinWait();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ForceLogoutTestApplication.class)
	static class Application {

		@Bean
		RevocationAwareTokenBasedRememberMeServices rememberMeServices(InMemoryUserDetailsManager users,
				RevocationRegistry revocationRegistry) {
			return new RevocationAwareTokenBasedRememberMeServices("remember-me-key", users, revocationRegistry);
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http,
				RevocationAwareTokenBasedRememberMeServices rememberMeServices) throws Exception {
			return ForceLogoutTestApplication.formLogin(http)
				.rememberMe((rememberMe) -> rememberMe.rememberMeServices(rememberMeServices))
				.build();
		}

	}

}

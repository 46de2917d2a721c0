package io.github.autologout.session;

import java.time.Duration;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.session.ForceLogoutTestApplication.RecordedEvents;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A forced logout as the user's browser and scripts see it. MockMvc's sessions are not the
 * container's, so the index does not know them: what refuses them here is the revocation alone.
 */
@SpringBootTest(classes = ForceLogoutMockMvcTests.Application.class)
@AutoConfigureMockMvc
class ForceLogoutMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ForceLogoutService forceLogout;

	@Autowired
	private MutableClock clock;

	@Autowired
	private RecordedEvents events;

	@Autowired
	private HttpSessionIndex sessions;

	@BeforeEach
	void endSessionsAndEventsOfEarlierTests() {
		MockMvcLogins.endEverySession(this.sessions);
		this.events.clear();
	}

	@Test
	void getWhenUserForcedOutThenRedirectsToLoginThatSaysSo() throws Exception {
		MockHttpSession session = login("user");
		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		this.clock.advance(Duration.ofSeconds(1));

		this.forceLogout.logout("user");

		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(session)))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl("/login?autologout=forced"));
		this.mvc.perform(get("/login").param("autologout", "forced"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("message=Your session was ended by an administrator.")));
		assertThat(this.events.events()).extracting(AutoLogoutEvent::getUsername, AutoLogoutEvent::getReason)
			.containsExactly(tuple("user", LogoutReason.FORCED));
	}

	@Test
	void getJsonWhenUserForcedOutThenAnswersProblemWithReasonForced() throws Exception {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));

		this.forceLogout.logout("user");

		this.mvc.perform(get("/api/me").with(MockMvcLogins.sessionCookie(session)).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("forced"))
			.andExpect(jsonPath("$.detail").value("Your session was ended by an administrator."));
	}

	@Test
	void postsWithoutTheCsrfTokenOfASessionThatWasForcedOutAreToldWhyItEnded() throws Exception {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));
		this.forceLogout.logout("user");
		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(session)))
			.andExpect(redirectedUrl("/login?autologout=forced"));

		this.mvc.perform(post("/autologout/keep-alive").with(MockMvcLogins.sessionCookie(session)))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("forced"));
		this.mvc.perform(post("/").with(MockMvcLogins.sessionCookie(session)))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl("/login?autologout=forced"));
	}

	@Test
	void postWithoutACsrfTokenOfASessionThatWasNotEndedByAutologoutIsForbiddenAsUsual() throws Exception {
		MockHttpSession session = login("user");
		session.invalidate();

		this.mvc.perform(post("/autologout/keep-alive").with(MockMvcLogins.sessionCookie(session)))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/autologout/keep-alive")).andExpect(status().isForbidden());
	}

	@Test
	void getWhenAnotherUserForcedOutThenGoesOn() throws Exception {
		MockHttpSession user = login("user");
		MockHttpSession other = login("other");
		this.clock.advance(Duration.ofSeconds(1));

		this.forceLogout.logout("other");

		this.mvc.perform(get("/").session(user)).andExpect(status().isOk());
		this.mvc.perform(get("/").with(MockMvcLogins.sessionCookie(other)))
			.andExpect(redirectedUrl("/login?autologout=forced"));
	}

	@Test
	void loginWhenUserWasForcedOutThenWorksAgain() throws Exception {
		login("user");
		this.clock.advance(Duration.ofSeconds(1));
		this.forceLogout.logout("user");

		MockHttpSession again = login("user");

		this.mvc.perform(get("/").session(again)).andExpect(status().isOk())
			.andExpect(content().string("home of user"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "*", "%", "us%", "user:", "user ", " user", "USER", "üser", "用户" })
	void logoutWhenUsernameOddThenUserGoesOn(String username) throws Exception {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.forceLogout.logout(username)).isZero();

		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		assertThat(this.events.events()).isEmpty();
	}

	private MockHttpSession login(String username) throws Exception {
		return MockMvcLogins.login(this.mvc, username);
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class,
			ScenarioConfigurations.FormLoginChain.class })
	static class Application {

	}

}

package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.autoconfigure.AutoLogoutAutoConfiguration;
import io.github.autologout.autoconfigure.AutoLogoutSecurityAutoConfiguration;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.test.ForwardingRevocationRegistry;
import io.github.autologout.test.MutableClock;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.RequestCacheConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.util.WebUtils;

/**
 * Tests for {@link AutoLogoutFilter} in real security filter chains with form login, driven
 * through MockMvc. Time moves only when a test advances the {@link MutableClock} bean; each
 * {@link Browser} replays its own session on every request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AutoLogoutFilterTests {

	private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

	private static final String IDLE_MESSAGE = "You were signed out because you were inactive for too long.";

	private static final String ABSOLUTE_MESSAGE = "You were signed out because your session reached its maximum length. Please sign in again.";

	private static final String FORCED_MESSAGE = "Your session was ended by an administrator.";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class))
		.withUserConfiguration(ApplicationConfiguration.class);

	private final WebApplicationContextRunner formLogin = this.runner
		.withUserConfiguration(FormLoginConfiguration.class);

	@Test
	void getWithinIdleTimeoutPassesAndTimeLeftShrinks() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(10));
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(20 * 60));
			app.clock.advance(Duration.ofMinutes(15));
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(5 * 60));
			browser.visit("/").andExpect(status().isOk()).andExpect(content().string("hello user"));
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60));
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void pageOfASessionPastItsIdleTimeoutIsKeptInTheChainsRequestCacheForTheNextLogin() {
		run(this.formLogin, (app) -> assertThat(pageKeptWhenVisitedPastTheIdleTimeout(app)).isNotNull()
			.extracting(SavedRequest::getRedirectUrl)
			.asString()
			.endsWith("/?page=2&continue"));
	}

	@Test
	void chainWithoutARequestCacheKeepsNoPageOfASessionPastItsIdleTimeout() {
		run(this.runner.withUserConfiguration(NoRequestCacheConfiguration.class),
				(app) -> assertThat(pageKeptWhenVisitedPastTheIdleTimeout(app)).isNull());
	}

	@Test
	void formPostedPastTheIdleTimeoutIsNotKeptEvenWhereTheChainsRequestCacheWouldKeepIt() {
		run(this.runner.withUserConfiguration(NoCsrfConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(31));
			MvcResult told = browser.perform(post("/").param("amount", "100"))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"))
				.andReturn();
			assertThat(new HttpSessionRequestCache().getRequest(told.getRequest(), told.getResponse())).isNull();
		});
	}

	/** Signs in, visits a page past the idle timeout, and answers what the request cache kept of it. */
	private static @Nullable SavedRequest pageKeptWhenVisitedPastTheIdleTimeout(App app) throws Exception {
		Browser browser = app.login("user", "password");
		app.clock.advance(Duration.ofMinutes(31));
		MvcResult told = browser.perform(get("/?page=2").accept(MediaType.TEXT_HTML))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl("/login?autologout=idle"))
			.andReturn();
		return new HttpSessionRequestCache().getRequest(told.getRequest(), told.getResponse());
	}

	@Test
	void sessionWhoseUserIsRevokedWhileItsRequestRunsIsInvalidatedWhenTheRequestEndsInsteadOfSaved() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(5));
			String sessionId = browser.session.getId();
			browser.visit("/revoke-own-user").andExpect(status().isOk()).andExpect(content().string("revoked"));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.tracker.sessionIds("user")).as("no longer tracked").doesNotContain(sessionId);
			assertThat(app.revocations.findSession(sessionId)).as("told why").contains(LogoutReason.FORCED);
			assertThat(app.events).singleElement().satisfies((event) -> {
				assertThat(event.getSessionId()).isEqualTo(sessionId);
				assertThat(event.getReason()).isEqualTo(LogoutReason.FORCED);
			});
		});
	}

	@Test
	void sessionWhoseUserIsRevokedWhileItsRequestRunsAndWhoseEndWasRecordedElsewhereHasNoSecondEvent() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.revocations.revokeSession(browser.session.getId(), LogoutReason.FORCED);
			browser.visit("/revoke-own-user").andExpect(status().isOk());
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void sessionEndedByItsIdleDeadlineElsewhereWhileItsRequestRunsIsInvalidatedWhenTheRequestEndsInsteadOfSaved() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			browser.visit("/idle-out-meanwhile").andExpect(status().isOk()).andExpect(content().string("ended"));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.tracker.sessionIds("user")).as("no longer tracked").isEmpty();
			assertThat(app.revocations.findSession(browser.session.getId())).contains(LogoutReason.IDLE);
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void requestThatFailsAfterItsUserWasRevokedWhileItRanIsAnsweredAsEndedAndLeavesNoSession() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			browser.visit("/revoke-own-user-then-fail")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=forced"))
				.andExpect(content().string(""));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.tracker.sessionIds("user")).isEmpty();
		});
	}

	@Test
	void requestThatFailsAfterItsUserWasRevokedWhileItRanIsLoggedOutWithTheApplicationsHandlersAndHasOneEvent() {
		run(this.runner.withUserConfiguration(RecordingLogoutConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			String sessionId = browser.session.getId();
			browser.visit("/revoke-own-user-then-fail").andExpect(status().isSeeOther());
			assertThat(app.context.getBean(RecordingLogoutConfiguration.class).recordedWhenLoggedOut)
				.as("its handlers clear its cookies, remember-me's among them")
				.containsEntry(sessionId, Optional.of(LogoutReason.FORCED));
			assertThat(app.events).singleElement()
				.satisfies((event) -> assertThat(event.getSessionId()).isEqualTo(sessionId));
		});
	}

	@Test
	void requestThatSentARedirectBeforeItFailedKeepsItsFailureEvenIfItsSessionEndedMeanwhile() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			assertThatThrownBy(() -> browser.perform(get("/revoke-own-user-then-fail").param("redirect", "true")))
				.isInstanceOf(ServletException.class)
				.hasRootCauseInstanceOf(IllegalStateException.class);
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void requestThatFailsAfterItsSessionEndedIsLoggedAtWarnUnlessItReadTheInvalidatedSession(CapturedOutput output) {
		run(this.formLogin, (app) -> {
			app.login("user", "password").visit("/revoke-own-user-then-fail").andExpect(status().isSeeOther());
			assertThat(output).doesNotContain("A request failed after its session ended while it ran");
			app.login("user", "password")
				.perform(get("/revoke-own-user-then-fail").param("bug", "true"))
				.andExpect(status().isSeeOther());
			assertThat(output).contains("WARN").contains("A request failed after its session ended while it ran");
		});
	}

	@Test
	void requestThatFailsAfterItsResponseCommittedKeepsItsFailureEvenIfItsSessionEndedMeanwhile() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			assertThatThrownBy(() -> browser.perform(get("/revoke-own-user-then-fail").param("commit", "true")))
				.isInstanceOf(ServletException.class)
				.hasRootCauseInstanceOf(IllegalStateException.class);
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void requestThatFailsWhileItsSessionLivesOnKeepsItsFailure() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			assertThatThrownBy(() -> browser.visit("/fail")).isInstanceOf(ServletException.class)
				.hasRootCauseInstanceOf(IllegalStateException.class);
			assertThat(browser.session.isInvalid()).isFalse();
			browser.visit("/").andExpect(status().isOk());
		});
	}

	@Test
	void requestThatFailsWhenTheStoreCannotTellWhetherItsSessionEndedKeepsItsFailureWithTheStores() {
		run(this.formLogin.withUserConfiguration(UnreachableSessionRevocationsConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			app.context.getBean(UnreachableSessionRevocations.class).unreachable.set(true);
			assertThatThrownBy(() -> browser.visit("/fail")).isInstanceOf(ServletException.class)
				.hasRootCauseMessage("a bug of the application")
				.satisfies((failure) -> assertThat(failure.getSuppressed()).singleElement()
					.satisfies((store) -> assertThat(store).hasMessage("store unreachable")));
		});
	}

	@Test
	void requestThatChangesItsSessionIdAndFailsWhenTheStoreCannotTellWhetherItsSessionEndedKeepsItsFailure() {
		run(this.formLogin.withUserConfiguration(UnreachableSessionRevocationsConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			app.context.getBean(UnreachableSessionRevocations.class).unreachable.set(true);
			assertThatThrownBy(() -> browser.perform(get("/change-session-id-then-fail")
				.requestAttr(AutoLogoutFilter.SPRING_SESSION_REPOSITORY_ATTRIBUTE, "a Spring Session repository")))
				.isInstanceOf(ServletException.class)
				.hasRootCauseMessage("a bug of the application");
		});
	}

	@Test
	void scriptRequestOfAnEndedSessionIsGivenTheReasonCookieOnce() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(31));
			MockHttpServletResponse response = browser.perform(get("/api/me").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isUnauthorized())
				.andReturn()
				.getResponse();
			assertThat(response.getHeaders(HttpHeaders.SET_COOKIE))
				.filteredOn((cookie) -> cookie.startsWith(LogoutResponder.REASON_COOKIE + "="))
				.singleElement()
				.satisfies((cookie) -> assertThat(cookie).startsWith(LogoutResponder.REASON_COOKIE + "=idle;"));
		});
	}

	@Test
	void sessionThatTheApplicationInvalidatesWhileItsRequestRunsIsUntracked() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			assertThat(app.tracker.sessionIds("user")).containsExactly(browser.session.getId());
			browser.visit("/invalidate").andExpect(status().isOk()).andExpect(content().string("invalidated"));
			assertThat(app.tracker.sessionIds("user")).isEmpty();
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void sessionOfASpringSessionStoreWhoseIdTheApplicationChangesIsTrackedUnderItsNewIdAtItsDeadline() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			String loginId = browser.session.getId();
			app.clock.advance(Duration.ofMinutes(5));

			browser.perform(get("/change-session-id").requestAttr(AutoLogoutFilter.SPRING_SESSION_REPOSITORY_ATTRIBUTE,
					"a Spring Session repository"))
				.andExpect(status().isOk());

			String newId = browser.session.getId();
			assertThat(newId).isNotEqualTo(loginId);
			assertThat(app.tracker.sessionIds("user")).containsExactly(newId);
			Instant deadline = START.plus(Duration.ofMinutes(35));
			assertThat(app.tracker.claimDue(deadline.minusMillis(1), 10)).isEmpty();
			assertThat(app.tracker.claimDue(deadline, 10)).extracting(TrackedSession::sessionId).containsExactly(newId);
		});
	}

	@Test
	void sessionOfASpringSessionStoreEndedUnderItsNewIdWhileTheRequestThatChangedItRanIsNotTrackedAgain() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");

			browser.perform(get("/change-session-id-and-end-it-meanwhile")
				.requestAttr(AutoLogoutFilter.SPRING_SESSION_REPOSITORY_ATTRIBUTE, "a Spring Session repository"))
				.andExpect(status().isOk());

			assertThat(app.tracker.sessionIds("user")).isEmpty();
		});
	}

	@Test
	void sessionOfTheContainerWhoseIdTheApplicationChangesIsLeftToTheIndexOfItsSessions() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			String loginId = browser.session.getId();

			browser.visit("/change-session-id").andExpect(status().isOk());

			assertThat(browser.session.getId()).isNotEqualTo(loginId);
			assertThat(app.tracker.sessionIds("user")).containsExactly(loginId);
		});
	}

	@Test
	void requestThatOutlastsItsIdleDeadlineWithoutTheSessionEndingKeepsTheSessionAndRecordsItsActivity() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			browser.visit("/outlast-idle-deadline").andExpect(status().isOk()).andExpect(content().string("done"));
			assertThat(browser.session.isInvalid()).isFalse();
			browser.statusEndpoint().andExpect(status().isOk()).andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60));
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void springSessionIsToldByTheAttributeItsRepositoryFilterSets() {
		assertThat(AutoLogoutFilter.SPRING_SESSION_REPOSITORY_ATTRIBUTE)
			.isEqualTo(SessionRepositoryFilter.SESSION_REPOSITORY_ATTR);
	}

	@Test
	void getAfterIdleTimeoutRedirectsToLoginAndEndsTheSession() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			String sessionId = browser.session.getId();
			app.clock.advance(Duration.ofMinutes(31));
			browser.visit("/")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"))
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(unauthenticated());
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement().satisfies((event) -> {
				assertThat(event.getUsername()).isEqualTo("user");
				assertThat(event.getSessionId()).isEqualTo(sessionId);
				assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE);
			});
			browser.visit("/").andExpect(status().isFound()).andExpect(unauthenticated());
		});
	}

	@Test
	void getExactlyAtIdleDeadlineEndsTheSession() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@Test
	void getOneMillisecondBeforeIdleDeadlinePasses() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30).minusMillis(1));
			browser.visit("/").andExpect(status().isOk());
		});
	}

	@Test
	void loginKeepsTheSessionInItsStoreUntilAutologoutCanEndItWhereTheStoreWouldEndItFirst() {
		run(this.runner, (app) -> {
			Browser browser = app.browser();
			browser.session.setMaxInactiveInterval(60);
			browser.perform(post("/login").param("username", "user").param("password", "password").with(csrf()))
				.andExpect(authenticated());
			// the idle timeout of 30 minutes, and a minute for the expiry pass to end it first
			assertThat(browser.session.getMaxInactiveInterval()).isEqualTo(31 * 60);
		});
	}

	@Test
	void idleLogoutClearsTheRememberMeCookie() {
		run(this.runner.withUserConfiguration(RememberMeConfiguration.class), (app) -> {
			Browser browser = app.browser();
			browser.perform(post("/login").param("username", "user")
				.param("password", "password")
				.param("remember-me", "true")
				.with(csrf())).andExpect(cookie().exists("remember-me")).andExpect(authenticated());
			app.clock.advance(Duration.ofMinutes(30));
			browser.visit("/")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"))
				.andExpect(cookie().maxAge("remember-me", 0));
		});
	}

	@Test
	void rememberMeDoesNotSignBackInTheUserOfASessionEndedWithoutARequest() {
		run(this.runner.withUserConfiguration(RememberMeConfiguration.class), (app) -> {
			Browser browser = app.browser();
			Cookie rememberMe = browser.perform(post("/login").param("username", "user")
				.param("password", "password")
				.param("remember-me", "true")
				.with(csrf())).andExpect(authenticated()).andReturn().getResponse().getCookie("remember-me");
			String ended = browser.session.getId();
			app.clock.advance(Duration.ofMinutes(30));
			// what the expiry checker does when the deadline passes with no request
			browser.session.invalidate();
			app.revocations.revokeSession(ended, LogoutReason.IDLE);

			MockHttpSession told = (MockHttpSession) app.mvc
				.perform(get("/").cookie(rememberMe).with(requestedSession(ended)))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"))
				.andExpect(cookie().maxAge("remember-me", 0))
				.andReturn()
				.getRequest()
				.getSession(false);
			// the cookie of the session remember-me had opened is replaced by an anonymous session's
			assertThat(told).isNotNull();
			assertThat(told.isInvalid()).isFalse();
			assertThat(told.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)).isNull();
			app.mvc.perform(get("/").session(told)).andExpect(redirectedUrl("/login"));
			// a browser restarted without the ended session's cookie is remembered as usual
			app.mvc.perform(get("/").cookie(rememberMe)).andExpect(content().string("hello user"));
		});
	}

	@Test
	void requestWithCredentialsOfItsOwnLeavesTheSessionOfAnotherUserThatItsCookieNamesAlone() {
		run(this.runner.withUserConfiguration(FormAndBasicLoginConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(10));

			browser.perform(get("/").with(httpBasic("admin", "admin"))).andExpect(content().string("hello admin"));
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(20 * 60));

			app.clock.advance(Duration.ofSeconds(1));
			app.revocations.revokeUser("admin", new Revocation(app.clock.instant(), LogoutReason.FORCED));
			app.clock.advance(Duration.ofSeconds(1));
			browser.perform(get("/").with(httpBasic("admin", "admin"))).andExpect(content().string("hello admin"));
			browser.visit("/").andExpect(content().string("hello user"));
			assertThat(browser.session.isInvalid()).isFalse();
			assertThat(app.events).isEmpty();
		});
	}

	@Test
	void requestWithCredentialsOfItsOwnIsNotRefusedForTheCookieOfASessionThatEnded() {
		run(this.runner.withUserConfiguration(FormAndBasicLoginConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			String ended = browser.session.getId();
			browser.session.invalidate();
			app.revocations.revokeSession(ended, LogoutReason.IDLE);

			app.mvc.perform(get("/").with(requestedSession(ended)).with(httpBasic("user", "password")))
				.andExpect(status().isOk())
				.andExpect(content().string("hello user"));
			app.mvc.perform(get("/").with(requestedSession(ended)))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "forced", "idle" })
	void loginThatAChainKeepsUnderAKeyOfItsOwnIsEndedNextToTheLoginOfAnotherChainInTheSameSession(String reason) {
		run(this.runner.withUserConfiguration(TwoLoginsInOneSessionConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			browser.perform(post("/admin/login").param("username", "admin").param("password", "admin").with(csrf()))
				.andExpect(status().isFound());
			browser.visit("/admin/whoami").andExpect(content().string("admin"));

			app.clock.advance(Duration.ofSeconds(1));
			if (reason.equals("forced")) {
				app.revocations.revokeUser("admin", new Revocation(app.clock.instant(), LogoutReason.FORCED));
				app.clock.advance(Duration.ofSeconds(1));
			}
			else {
				app.clock.advance(Duration.ofHours(1));
			}

			browser.visit("/admin/whoami")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=" + reason));
		});
	}

	@Test
	void requestWhoseSessionIsForceLoggedOutAfterItsLoginWasReadIsRefusedRatherThanServed() {
		run(this.runner.withUserConfiguration(ForceLogoutAfterTheLoginIsReadConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");

			browser.perform(get("/").header(ForceLogoutAfterTheLoginIsRead.HEADER, "true"))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=forced"));
		});
	}

	private static RequestPostProcessor requestedSession(String sessionId) {
		return (request) -> {
			request.setRequestedSessionId(sessionId);
			request.setRequestedSessionIdValid(false);
			return request;
		};
	}

	@Test
	void absoluteTimeoutEndsASessionThatStaysActive() {
		run(this.formLogin.withPropertyValues("autologout.absolute-timeout=1h"), (app) -> {
			Browser browser = app.login("user", "password");
			for (int i = 0; i < 3; i++) {
				app.clock.advance(Duration.ofMinutes(19));
				browser.visit("/").andExpect(status().isOk());
			}
			app.clock.advance(Duration.ofMinutes(3));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=absolute"));
			assertThat(app.events).singleElement()
				.extracting(AutoLogoutEvent::getReason)
				.isEqualTo(LogoutReason.ABSOLUTE);
		});
	}

	@Test
	void absoluteTimeoutCountsFromThisSessionsLoginNotFromALaterLoginOfTheSameUser() {
		run(this.formLogin.withPropertyValues("autologout.idle-timeout=1h", "autologout.absolute-timeout=2h"),
				(app) -> {
					Browser first = app.login("user", "password");
					app.clock.advance(Duration.ofMinutes(50));
					first.visit("/").andExpect(status().isOk());
					app.clock.advance(Duration.ofMinutes(10));
					Browser second = app.login("user", "password");
					app.clock.advance(Duration.ofMinutes(40));
					first.visit("/").andExpect(status().isOk());
					second.visit("/").andExpect(status().isOk());
					app.clock.advance(Duration.ofMinutes(20));
					first.visit("/")
						.andExpect(status().isSeeOther())
						.andExpect(redirectedUrl("/login?autologout=absolute"));
					second.visit("/").andExpect(status().isOk());
				});
	}

	@Test
	void passivePathDoesNotExtendTheIdleDeadline() {
		run(this.formLogin.withPropertyValues("autologout.passive-paths=/api/notifications"), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(20));
			browser.visit("/api/notifications").andExpect(status().isOk()).andExpect(content().string("[]"));
			app.clock.advance(Duration.ofMinutes(9));
			browser.visit("/api/notifications").andExpect(status().isOk());
			app.clock.advance(Duration.ofMinutes(1));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@Test
	void passivePathAfterIdleDeadlineEndsTheSession() {
		run(this.formLogin.withPropertyValues("autologout.passive-paths=/api/notifications"), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.visit("/api/notifications")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@Test
	void statusEndpointDoesNotExtendTheIdleDeadline() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			Instant lastActivity = SessionTimesAttributes.read(browser.session).lastActivity();
			for (int i = 0; i < 5; i++) {
				app.clock.advance(Duration.ofMinutes(5));
				browser.statusEndpoint().andExpect(status().isOk());
			}
			assertThat(SessionTimesAttributes.read(browser.session).lastActivity()).isEqualTo(lastActivity);
			app.clock.advance(Duration.ofMinutes(5));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@Test
	void statusPathPolledWithHeadOrAnotherMethodThanGetDoesNotExtendTheIdleDeadline() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			Instant lastActivity = SessionTimesAttributes.read(browser.session).lastActivity();
			app.clock.advance(Duration.ofMinutes(5));
			browser.perform(head("/autologout/status"));
			browser.perform(put("/autologout/status").with(csrf()));
			assertThat(SessionTimesAttributes.read(browser.session).lastActivity()).isEqualTo(lastActivity);
			app.clock.advance(Duration.ofMinutes(25));
			// answered as the status endpoint's GET is, without the body
			browser.perform(head("/autologout/status")).andExpect(status().isUnauthorized());
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void lastActivityNeverMovesBackwardsWhenTheClockDoes() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(10));
			browser.visit("/").andExpect(status().isOk());
			Instant lastActivity = SessionTimesAttributes.read(browser.session).lastActivity();
			assertThat(lastActivity).isEqualTo(START.plus(Duration.ofMinutes(10)));
			app.clock.set(START.plus(Duration.ofMinutes(5)));
			browser.visit("/").andExpect(status().isOk());
			assertThat(SessionTimesAttributes.read(browser.session).lastActivity()).isEqualTo(lastActivity);
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(35 * 60));
		});
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "Accept, application/json", "Accept, application/problem+json",
			"X-Requested-With, XMLHttpRequest", "Sec-Fetch-Dest, empty" })
	void scriptRequestAfterIdleTimeoutGetsUnauthorizedProblemInsteadOfRedirect(String name, String value) {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.perform(get("/api/me").header(name, value))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist(HttpHeaders.LOCATION))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(401))
				.andExpect(jsonPath("$.reason").value("idle"))
				.andExpect(jsonPath("$.detail").value(IDLE_MESSAGE))
				.andExpect(jsonPath("$.loginUrl").value("/login"));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement()
				.extracting(AutoLogoutEvent::getReason)
				.isEqualTo(LogoutReason.IDLE);
		});
	}

	@Test
	void scriptRequestAfterAbsoluteTimeoutGetsReasonAbsolute() {
		run(this.formLogin.withPropertyValues("autologout.absolute-timeout=20m"), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(20));
			browser.perform(get("/api/me").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isUnauthorized())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.reason").value("absolute"));
		});
	}

	@Test
	void scriptRequestWithinIdleTimeoutGetsItsJson() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(29));
			browser.perform(get("/api/me").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isOk())
				.andExpect(content().json("{\"username\":\"user\"}", JsonCompareMode.STRICT));
		});
	}

	@Test
	void loginPageAfterIdleRedirectShowsTheIdleMessage() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			String target = browser.visit("/").andReturn().getResponse().getRedirectedUrl();
			browser.visit(target)
				.andExpect(status().isOk())
				.andExpect(request().attribute(AutoLogoutFilter.REASON_ATTRIBUTE, LogoutReason.IDLE))
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, IDLE_MESSAGE));
		});
	}

	@Test
	void loginPageReachedWithTheQueryClearsTheReasonCookieSoALaterVisitShowsNoStaleReason() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			MockHttpServletResponse ended = browser.visit("/").andReturn().getResponse();
			Cookie reason = ended.getCookie(LogoutResponder.REASON_COOKIE);
			assertThat(reason).isNotNull();

			MockHttpServletResponse loginPage = browser.perform(get(ended.getRedirectedUrl()).cookie(reason))
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, IDLE_MESSAGE))
				.andReturn()
				.getResponse();

			assertThat(loginPage.getCookie(LogoutResponder.REASON_COOKIE)).as("the reason cookie, cleared")
				.isNotNull()
				.satisfies((cleared) -> {
					assertThat(cleared.getMaxAge()).isZero();
					assertThat(cleared.getValue()).isEmpty();
				});
		});
	}

	@Test
	void loginPageReachedWithoutTheQueryStillShowsTheMessageOnceThroughTheReasonCookie() {
		run(this.runner.withUserConfiguration(ExactLoginPagePermitConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			MockHttpServletResponse ended = browser.visit("/").andReturn().getResponse();
			Cookie reason = ended.getCookie(LogoutResponder.REASON_COOKIE);
			assertThat(reason).isNotNull();
			assertThat(reason.getValue()).isEqualTo("idle");
			assertThat(reason.isHttpOnly()).isTrue();
			browser.perform(get(ended.getRedirectedUrl()).cookie(reason))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/login"));
			MockHttpServletResponse loginPage = browser.perform(get("/login").cookie(reason))
				.andExpect(status().isOk())
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, IDLE_MESSAGE))
				.andReturn()
				.getResponse();
			assertThat(loginPage.getCookie(LogoutResponder.REASON_COOKIE)).satisfies((cleared) -> {
				assertThat(cleared.getMaxAge()).isZero();
				assertThat(cleared.getValue()).isEmpty();
			});
		});
	}

	@Test
	void reasonCookieIsIgnoredOutsideTheLoginPage() {
		run(this.formLogin, (app) -> app.browser()
			.perform(get("/").cookie(new Cookie(LogoutResponder.REASON_COOKIE, "forced")))
			.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, nullValue())));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			idle     | en    | You were signed out because you were inactive for too long.
			absolute | en    | You were signed out because your session reached its maximum length. Please sign in again.
			forced   | en    | Your session was ended by an administrator.
			idle     | zh-CN | 由于长时间未操作，您已被登出。
			absolute | zh-CN | 您的会话已达到最长时限，您已被登出。请重新登录。
			forced   | zh-CN | 您的会话已被管理员结束。
			idle     | zh-TW | 由於長時間未操作，您已被登出。
			forced   | zh-HK | 您的工作階段已被管理員結束。
			""")
	void loginPageShowsTheMessageOfTheReasonInTheUsersLanguage(String reason, String language, String message) {
		run(this.formLogin, (app) -> app.browser()
			.perform(get("/login").param("autologout", reason).header(HttpHeaders.ACCEPT_LANGUAGE, language))
			.andExpect(status().isOk())
			.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, message)));
	}

	@Test
	void loginPageIgnoresAnUnknownReason() {
		run(this.formLogin, (app) -> app.browser()
			.perform(get("/login").param("autologout", "<script>"))
			.andExpect(status().isOk())
			.andExpect(request().attribute(AutoLogoutFilter.REASON_ATTRIBUTE, nullValue()))
			.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, nullValue())));
	}

	@Test
	void messagePropertyReplacesIdleAndAbsoluteTextsButNotForced() {
		run(this.formLogin.withPropertyValues("autologout.message=Please sign in again."), (app) -> {
			Browser browser = app.browser();
			browser.visit("/login?autologout=idle")
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, "Please sign in again."));
			browser.perform(get("/login?autologout=absolute").header(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN"))
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, "Please sign in again."));
			browser.visit("/login?autologout=forced")
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, FORCED_MESSAGE));
		});
	}

	@Test
	void applicationMessagesOverrideTheShippedIdleText() {
		run(this.formLogin.withPropertyValues("spring.messages.basename=app-messages"), (app) -> {
			Browser browser = app.browser();
			browser.visit("/login?autologout=idle")
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE,
						"Your session timed out. (application text)"));
			browser.visit("/login?autologout=absolute")
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, ABSOLUTE_MESSAGE));
		});
	}

	@Test
	void adminGetsTheShorterIdleTimeoutOfItsPolicy() {
		run(this.formLogin.withPropertyValues("autologout.policies[0].authority=ROLE_ADMIN",
				"autologout.policies[0].idle-timeout=5m"), (app) -> {
					Browser admin = app.login("admin", "admin");
					Browser user = app.login("user", "password");
					admin.statusEndpoint().andExpect(jsonPath("$.idleTimeoutSeconds").value(300));
					app.clock.advance(Duration.ofMinutes(5));
					admin.visit("/")
						.andExpect(status().isSeeOther())
						.andExpect(redirectedUrl("/login?autologout=idle"));
					user.visit("/").andExpect(status().isOk());
				});
	}

	@Test
	void applicationTimeoutPolicyResolverIsUsed() {
		run(this.formLogin.withUserConfiguration(PolicyResolverConfiguration.class), (app) -> {
			Browser admin = app.login("admin", "admin");
			Browser user = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(2));
			admin.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
			user.visit("/").andExpect(status().isOk());
		});
	}

	@Test
	void statusEndpointReportsTheTimesLeft() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(10));
			browser.statusEndpoint()
				.andExpect(status().isOk())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
				.andExpect(content().json("""
						{"authenticated": true, "secondsUntilIdleEnd": 1200,
						 "secondsUntilSessionEnd": 42600, "idleTimeoutSeconds": 1800, "warnBeforeSeconds": 60}
						""", JsonCompareMode.STRICT));
		});
	}

	@Test
	void statusEndpointTellsAnAnonymousCallerOnlyThatItIsNotAuthenticated() {
		run(this.formLogin, (app) -> app.browser()
			.statusEndpoint()
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
			.andExpect(content().json("{\"authenticated\": false}", JsonCompareMode.STRICT)));
	}

	@Test
	void keepAliveWithoutCsrfTokenIsForbiddenAndDoesNotExtend() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(20));
			browser.perform(post("/autologout/keep-alive")).andExpect(status().isForbidden());
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(10 * 60));
		});
	}

	@Test
	void keepAliveExtendsTheIdleDeadlineOnly() {
		run(this.formLogin.withPropertyValues("autologout.absolute-timeout=1h"), (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(20));
			browser.keepAlive()
				.andExpect(status().isOk())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(jsonPath("$.authenticated").value(true))
				.andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60))
				.andExpect(jsonPath("$.secondsUntilSessionEnd").value(40 * 60));
			app.clock.advance(Duration.ofMinutes(29));
			browser.visit("/").andExpect(status().isOk());
		});
	}

	@Test
	void keepAliveNeverExtendsPastTheAbsoluteDeadline() {
		run(this.formLogin.withPropertyValues("autologout.absolute-timeout=1h"), (app) -> {
			Browser browser = app.login("user", "password");
			for (int i = 0; i < 3; i++) {
				app.clock.advance(Duration.ofMinutes(19));
				browser.keepAlive().andExpect(status().isOk());
			}
			app.clock.advance(Duration.ofMinutes(3));
			browser.keepAlive().andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("absolute"));
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void keepAliveAfterIdleTimeoutIsUnauthorizedAndDoesNotReviveTheSession() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.keepAlive()
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.reason").value("idle"))
				.andExpect(unauthenticated());
			assertThat(browser.session.isInvalid()).isTrue();
			browser.keepAlive().andExpect(status().isUnauthorized());
			browser.statusEndpoint().andExpect(content().json("{\"authenticated\": false}", JsonCompareMode.STRICT));
			browser.visit("/").andExpect(status().isFound()).andExpect(unauthenticated());
		});
	}

	@Test
	void statusEndpointOfAnEndedSessionIsUnauthorizedWithTheReason() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.perform(get("/autologout/status"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist(HttpHeaders.LOCATION))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.reason").value("idle"));
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void sessionAuthenticatedWithoutTheLoginStrategyCountsItsLifetimeFromItsCreation() {
		run(this.formLogin, (app) -> {
			Browser browser = app.browser();
			authenticateWithoutTheLoginStrategy(browser, "user");
			app.clock.advance(Duration.ofMinutes(10));
			browser.visit("/").andExpect(status().isOk()).andExpect(content().string("hello user"));
			SessionTimes times = SessionTimesAttributes.read(browser.session);
			assertThat(times.authenticatedAt()).isEqualTo(START);
			assertThat(times.lastActivity()).isEqualTo(START.plus(Duration.ofMinutes(10)));
			app.clock.advance(Duration.ofMinutes(30));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@Test
	void sessionEndedByOneRequestLeavesTheSecurityContextThatItsOtherRequestsInFlightShareWithIt() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			SecurityContext shared = (SecurityContext) browser.session
				.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			Authentication authentication = shared.getAuthentication();
			app.clock.advance(Duration.ofMinutes(1));
			app.revocations.revokeUser("user", new Revocation(app.clock.instant(), LogoutReason.FORCED));

			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=forced"));

			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(shared.getAuthentication()).as("what a request admitted before the end still runs with")
				.isSameAs(authentication);
		});
	}

	@Test
	void sessionIsRecordedAsEndedBeforeTheLogoutHandlersEndItSoThatItsOtherRequestsAreToldWhy() {
		run(this.runner.withUserConfiguration(RecordingLogoutConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			String sessionId = browser.session.getId();
			app.clock.advance(Duration.ofMinutes(30));

			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));

			assertThat(app.context.getBean(RecordingLogoutConfiguration.class).recordedWhenLoggedOut)
				.containsEntry(sessionId, Optional.of(LogoutReason.IDLE));
			assertThat(app.events).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE));
		});
	}

	@Test
	void sessionWhoseLogoutFailsAfterItsEndWasRecordedStillHasItsOneEvent() {
		run(this.runner.withUserConfiguration(FailingLogoutConfiguration.class), (app) -> {
			Browser browser = app.login("user", "password");
			String sessionId = browser.session.getId();
			app.clock.advance(Duration.ofMinutes(30));

			assertThatThrownBy(() -> browser.visit("/")).hasMessage("the session store is down");

			assertThat(app.revocations.findSession(sessionId)).contains(LogoutReason.IDLE);
			assertThat(app.events).singleElement()
				.satisfies((event) -> assertThat(event.getSessionId()).isEqualTo(sessionId));
		});
	}

	@Test
	void sessionAuthenticatedWithoutTheLoginStrategyIsRefusedByARevocationMadeSinceItsCreation() {
		run(this.formLogin, (app) -> {
			Browser browser = app.browser();
			authenticateWithoutTheLoginStrategy(browser, "user");
			app.clock.advance(Duration.ofMinutes(1));
			app.revocations.revokeUser("user", new Revocation(app.clock.instant(), LogoutReason.FORCED));
			app.clock.advance(Duration.ofSeconds(1));

			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=forced"));
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@Test
	void sessionThatARequestPutsInPlaceOfItsOwnGetsTimesOfItsOwnNotThoseOfTheLoginItReplaced() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(20));

			MockHttpSession replacement = (MockHttpSession) browser.visit("/switch-to-admin")
				.andExpect(content().string("switched"))
				.andReturn()
				.getRequest()
				.getSession(false);

			assertThat(replacement).isNotNull().isNotSameAs(browser.session);
			assertThat(SessionTimesAttributes.read(replacement)).as("times carried over from the user's login")
				.isNull();
			app.clock.advance(Duration.ofMinutes(1));
			app.mvc.perform(get("/").session(replacement)).andExpect(content().string("hello admin"));
			assertThat(SessionTimesAttributes.read(replacement).authenticatedAt()).isAfter(START);
		});
	}

	private static void authenticateWithoutTheLoginStrategy(Browser browser, String username) {
		browser.session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(username, null,
						AuthorityUtils.createAuthorityList("ROLE_USER"))));
	}

	@Test
	void revokedUserIsLoggedOutWithReasonForcedWhileALaterSessionSurvives() {
		run(this.formLogin, (app) -> {
			Browser revoked = app.login("user", "password");
			Browser otherUser = app.login("admin", "admin");
			app.clock.advance(Duration.ofMinutes(1));
			app.revocations.revokeUser("user", new Revocation(app.clock.instant(), LogoutReason.FORCED));
			app.clock.advance(Duration.ofSeconds(1));
			Browser later = app.login("user", "password");
			revoked.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=forced"));
			assertThat(revoked.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement().satisfies((event) -> {
				assertThat(event.getUsername()).isEqualTo("user");
				assertThat(event.getReason()).isEqualTo(LogoutReason.FORCED);
			});
			later.visit("/").andExpect(status().isOk());
			otherUser.visit("/").andExpect(status().isOk());
			revoked.visit("/login?autologout=forced")
				.andExpect(request().attribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, FORCED_MESSAGE));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			a Long instead of a String     | LONG                    | LONG
			a garbage string               | yesterday               | 1767600000000
			last activity before login     | 1767600000000           | 1767599999999
			only the last activity         | null                    | 1767600000000
			""")
	void corruptSessionTimesEndTheSessionCleanly(String description, String authenticatedAt,
			String lastActivity) {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			browser.session.setAttribute(SessionTimesAttributes.NAME,
					SessionTimesValues.of(corrupt(authenticatedAt), corrupt(lastActivity)));
			browser.visit("/")
				.andExpect(status().isSeeOther())
				.andExpect(header().string(HttpHeaders.LOCATION, "/login?autologout=absolute"))
				.andExpect(unauthenticated());
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement().extracting(AutoLogoutEvent::getUsername).isEqualTo("user");
		});
	}

	@Test
	void corruptSessionTimesOnTheStatusEndpointEndTheSessionWithoutAServerError() {
		run(this.formLogin, (app) -> {
			Browser browser = app.login("user", "password");
			browser.session.setAttribute(SessionTimesAttributes.NAME, "garbage");
			browser.perform(get("/autologout/status").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(jsonPath("$.status").value(401))
				.andExpect(jsonPath("$.title").value("Session ended"))
				.andExpect(jsonPath("$.reason").value("absolute"))
				.andExpect(jsonPath("$.loginUrl").value("/login"));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement()
				.extracting(AutoLogoutEvent::getReason)
				.isEqualTo(LogoutReason.ABSOLUTE);
		});
	}

	@Test
	void configurerAddedByHandToTheApplicationsChainGivesExactlyOneFilter() {
		run(this.runner.withUserConfiguration(ManualConfigurerConfiguration.class), (app) -> {
			List<SecurityFilterChain> chains = app.context.getBean("springSecurityFilterChain", FilterChainProxy.class)
				.getFilterChains();
			assertThat(chains).singleElement()
				.satisfies((chain) -> assertThat(chain.getFilters()).filteredOn(AutoLogoutFilter.class::isInstance)
					.hasSize(1));
			Browser browser = app.login("user", "password");
			app.clock.advance(Duration.ofMinutes(30));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	private static Object corrupt(String value) {
		if (value == null) {
			return null;
		}
		return "LONG".equals(value) ? (Object) START.toEpochMilli() : value;
	}

	private static void run(WebApplicationContextRunner runner, AppTest test) {
		runner.run((context) -> test.run(new App(context)));
	}

	@FunctionalInterface
	private interface AppTest {

		void run(App app) throws Exception;

	}

	/**
	 * A started application under test.
	 */
	private static final class App {

		final AssertableWebApplicationContext context;

		final MutableClock clock;

		final List<AutoLogoutEvent> events;

		final RevocationRegistry revocations;

		final SessionTracker tracker;

		private final MockMvc mvc;

		App(AssertableWebApplicationContext context) {
			assertThat(context).hasNotFailed();
			this.context = context;
			this.clock = context.getBean(MutableClock.class);
			this.events = context.getBean(RecordedEvents.class).events;
			this.revocations = context.getBean(RevocationRegistry.class);
			this.tracker = context.getBean(SessionTracker.class);
			this.mvc = MockMvcBuilders.webAppContextSetup(context.getSourceApplicationContext())
				.apply(springSecurity())
				.build();
		}

		Browser browser() {
			return new Browser(this.mvc, this.clock.instant());
		}

		Browser login(String username, String password) throws Exception {
			Browser browser = browser();
			browser.perform(post("/login").param("username", username).param("password", password).with(csrf()))
				.andExpect(status().isFound())
				.andExpect(authenticated().withUsername(username));
			return browser;
		}

	}

	/**
	 * A browser with its own session, created at the application clock's instant and sent with
	 * every request.
	 */
	private static final class Browser {

		final MockHttpSession session;

		private final MockMvc mvc;

		Browser(MockMvc mvc, Instant createdAt) {
			this.mvc = mvc;
			this.session = new MockHttpSession() {

				@Override
				public long getCreationTime() {
					return createdAt.toEpochMilli();
				}

			};
		}

		ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
			return this.mvc.perform(request.session(this.session));
		}

		ResultActions visit(String path) throws Exception {
			return perform(get(path));
		}

		ResultActions statusEndpoint() throws Exception {
			return perform(get("/autologout/status").accept(MediaType.APPLICATION_JSON));
		}

		ResultActions keepAlive() throws Exception {
			return perform(post("/autologout/keep-alive").with(csrf()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	@Import({ TestController.class, RecordedEvents.class })
	static class ApplicationConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock(START);
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("user").password("{noop}password").roles("USER").build(),
					User.withUsername("admin").password("{noop}admin").roles("USER", "ADMIN").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnreachableSessionRevocationsConfiguration {

		@Bean
		UnreachableSessionRevocations revocations(MutableClock clock) {
			return new UnreachableSessionRevocations(new InMemoryRevocationRegistry(clock, Duration.ofHours(2)));
		}

	}

	/** Revocations whose sessions' part, kept in a shared store, can be made unreachable. */
	static final class UnreachableSessionRevocations extends ForwardingRevocationRegistry {

		final AtomicBoolean unreachable = new AtomicBoolean();

		UnreachableSessionRevocations(RevocationRegistry delegate) {
			super(delegate);
		}

		@Override
		public Optional<LogoutReason> findSession(String sessionId) {
			if (this.unreachable.get()) {
				throw new IllegalStateException("store unreachable");
			}
			return super.findSession(sessionId);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FormLoginConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			return http.build();
		}

	}

	/**
	 * Form login whose logout records, for each session its handlers end, the reason already
	 * recorded in the registry then, if any.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RecordingLogoutConfiguration {

		final Map<String, Optional<LogoutReason>> recordedWhenLoggedOut = new ConcurrentHashMap<>();

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, RevocationRegistry revocations) {
			return formLoginWithLogoutHandler(http, (request, response, authentication) -> {
				HttpSession session = request.getSession(false);
				if (session != null) {
					this.recordedWhenLoggedOut.put(session.getId(), revocations.findSession(session.getId()));
				}
			});
		}

	}

	/**
	 * Form login whose logout fails, as a session store that went down would.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FailingLogoutConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return formLoginWithLogoutHandler(http, (request, response, authentication) -> {
				throw new IllegalStateException("the session store is down");
			});
		}

	}

	private static SecurityFilterChain formLoginWithLogoutHandler(HttpSecurity http, LogoutHandler handler) {
		withFormLogin(http);
		http.logout((logout) -> logout.addLogoutHandler(handler));
		return http.build();
	}

	/** Form login on {@code /login}, every other page for signed-in users, as most tests here use. */
	private static void withFormLogin(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login").permitAll().anyRequest().authenticated());
		http.formLogin((form) -> form.loginPage("/login"));
	}

	/** Form login without CSRF protection, whose request cache keeps requests of any method. */
	@Configuration(proxyBeanMethods = false)
	static class NoCsrfConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			http.csrf(CsrfConfigurer::disable);
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoRequestCacheConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			http.requestCache(RequestCacheConfigurer::disable);
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExactLoginPagePermitConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin((form) -> form.loginPage("/login").permitAll());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RememberMeConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			http.rememberMe((rememberMe) -> rememberMe.key("test-key"));
			return http.build();
		}

	}

	/** Form login, and HTTP Basic in the same chain, as Spring Boot's default chain has both. */
	@Configuration(proxyBeanMethods = false)
	static class FormAndBasicLoginConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	/**
	 * Two logins in one session, as two realms of one site keep them: the chain of
	 * {@code /admin/**} keeps its login under a session key of its own.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TwoLoginsInOneSessionConfiguration {

		@Bean
		@Order(1)
		SecurityFilterChain adminSecurityFilterChain(HttpSecurity http) {
			HttpSessionSecurityContextRepository adminLogins = new HttpSessionSecurityContextRepository();
			adminLogins.setSpringSecurityContextKey("ADMIN_SECURITY_CONTEXT");
			http.securityMatcher("/admin/**");
			http.securityContext((context) -> context.securityContextRepository(adminLogins));
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/admin/login").permitAll().anyRequest().hasRole("ADMIN"));
			http.formLogin((form) -> form.loginPage("/admin/login"));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			return http.build();
		}

	}

	/** Form login, with a force logout that lands just after a request's login was read. */
	@Configuration(proxyBeanMethods = false)
	static class ForceLogoutAfterTheLoginIsReadConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, RevocationRegistry revocations) {
			withFormLogin(http);
			http.addFilterBefore(new ForceLogoutAfterTheLoginIsRead(revocations), AnonymousAuthenticationFilter.class);
			return http.build();
		}

	}

	/**
	 * Reads the request's login from its session, as the remember-me and Basic filters do, then,
	 * for a request with {@link #HEADER}, ends the session as a force logout of in-memory sessions
	 * on another thread does: its end recorded, then the session invalidated.
	 */
	static final class ForceLogoutAfterTheLoginIsRead extends OncePerRequestFilter {

		static final String HEADER = "X-Force-Logout-Now";

		private final RevocationRegistry revocations;

		ForceLogoutAfterTheLoginIsRead(RevocationRegistry revocations) {
			this.revocations = revocations;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			SecurityContextHolder.getContext().getAuthentication();
			HttpSession session = request.getSession(false);
			if (session != null && request.getHeader(HEADER) != null) {
				String id = session.getId();
				this.revocations.revokeSession(id, LogoutReason.FORCED);
				session.invalidate();
				// as the container then tells of the session the request came with
				MockHttpServletRequest servletRequest = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
				servletRequest.setRequestedSessionId(id);
				servletRequest.setRequestedSessionIdValid(false);
			}
			chain.doFilter(request, response);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualConfigurerConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			withFormLogin(http);
			http.with(new AutoLogoutConfigurer<>(), Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PolicyResolverConfiguration {

		@Bean
		TimeoutPolicyResolver policyResolver() {
			return (authentication) -> "admin".equals(authentication.getName())
					? TimeoutPolicy.of(Duration.ofMinutes(2), Duration.ofHours(1))
					: TimeoutPolicy.of(Duration.ofHours(1), Duration.ofHours(2));
		}

	}

	@RestController
	static class TestController {

		private final RevocationRegistry revocations;

		private final MutableClock clock;

		TestController(RevocationRegistry revocations, MutableClock clock) {
			this.revocations = revocations;
			this.clock = clock;
		}

		/** Ends every session of its user, as a force logout on another node does while the request runs. */
		@GetMapping("/revoke-own-user")
		String revokeOwnUser(Principal principal) {
			this.clock.advance(Duration.ofSeconds(1));
			this.revocations.revokeUser(principal.getName(), new Revocation(this.clock.instant(), LogoutReason.FORCED));
			this.clock.advance(Duration.ofSeconds(1));
			return "revoked";
		}

		/**
		 * Fails after its user was revoked, as a request reading a session that the container
		 * invalidated meanwhile does; with {@code commit} once its response has committed.
		 */
		@GetMapping("/revoke-own-user-then-fail")
		String revokeOwnUserThenFail(Principal principal, HttpServletResponse response,
				@RequestParam(defaultValue = "false") boolean commit, @RequestParam(defaultValue = "false") boolean redirect,
				@RequestParam(defaultValue = "false") boolean bug) throws IOException {
			revokeOwnUser(principal);
			if (redirect) {
				response.sendRedirect("/elsewhere");
			}
			else {
				response.getWriter().write("partial page");
			}
			if (commit) {
				response.flushBuffer();
			}
			if (bug) {
				throw new IllegalArgumentException("a bug of the application");
			}
			throw new IllegalStateException("session already invalidated");
		}

		/** Fails as an application's bug does, its session left alone. */
		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("a bug of the application");
		}

		/** Ends the request's session for idleness, as another tab's request does once the stored activity is too old. */
		@GetMapping("/idle-out-meanwhile")
		String idleOutMeanwhile(HttpServletRequest request) {
			this.clock.advance(Duration.ofMinutes(31));
			this.revocations.revokeSession(request.getSession().getId(), LogoutReason.IDLE);
			return "ended";
		}

		/** Gives the session a new id without a login, as an application's own code can. */
		@GetMapping("/change-session-id")
		String changeSessionId(HttpServletRequest request) {
			return request.changeSessionId();
		}

		/** Gives the session a new id without a login, then fails as an application's bug does. */
		@GetMapping("/change-session-id-then-fail")
		String changeSessionIdThenFail(HttpServletRequest request) {
			request.changeSessionId();
			throw new IllegalStateException("a bug of the application");
		}

		/** Gives the session a new id, then ends it under that id, as a request that came with it does. */
		@GetMapping("/change-session-id-and-end-it-meanwhile")
		String changeSessionIdAndEndItMeanwhile(HttpServletRequest request) {
			String newId = request.changeSessionId();
			this.revocations.revokeSession(newId, LogoutReason.IDLE);
			return newId;
		}

		/** Ends the session without a logout, as an application's own code can. */
		@GetMapping("/invalidate")
		String invalidate(HttpServletRequest request) {
			request.getSession().invalidate();
			return "invalidated";
		}

		/** Runs past the session's idle deadline, which nothing else ends meanwhile. */
		@GetMapping("/outlast-idle-deadline")
		String outlastIdleDeadline() {
			this.clock.advance(Duration.ofMinutes(31));
			return "done";
		}

		/** Puts a new session of another user in place of the request's own, as an impersonation does. */
		@GetMapping("/switch-to-admin")
		String switchToAdmin(HttpServletRequest request) {
			request.getSession().invalidate();
			request.getSession(true)
				.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
						new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("admin", null,
								AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"))));
			return "switched";
		}

		@GetMapping("/")
		String home(Principal principal) {
			return "hello " + principal.getName();
		}

		@GetMapping("/admin/whoami")
		String whoami(Principal principal) {
			return principal.getName();
		}

		@GetMapping("/login")
		String login() {
			return "login page";
		}

		@GetMapping("/api/me")
		Map<String, String> me(Principal principal) {
			return Map.of("username", principal.getName());
		}

		@GetMapping("/api/notifications")
		List<String> notifications() {
			return List.of();
		}

	}

	static class RecordedEvents {

		final List<AutoLogoutEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onAutoLogout(AutoLogoutEvent event) {
			this.events.add(event);
		}

	}

}

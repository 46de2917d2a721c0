package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.StoreSnapshot;
import io.github.autologout.autoconfigure.AutoLogoutAutoConfiguration;
import io.github.autologout.autoconfigure.AutoLogoutSecurityAutoConfiguration;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Hostile and malformed input against {@link AutoLogoutFilter} in a form login chain, driven
 * through MockMvc: each case ends in a clean logout or a {@code 4xx}, never a {@code 5xx}, never
 * extends a deadline beyond what the server allows, and leaves the session of another user alone.
 */
class AutoLogoutBadInputTests {

	private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class))
		.withUserConfiguration(ApplicationConfiguration.class);

	@ParameterizedTest(name = "{0} /autologout/status with a CSRF token")
	@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH" })
	void statusEndpointWithAnotherMethodIsNotAnsweredAsStatus(String method) {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			StoreSnapshot before = app.snapshot(browser);
			browser.perform(request(HttpMethod.valueOf(method), "/autologout/status").with(csrf()))
				.andExpect(status().isNotFound())
				.andExpect(jsonPathAbsent());
			app.assertUntouched(browser, before);
		});
	}

	@ParameterizedTest(name = "{0} /autologout/status without a CSRF token")
	@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH" })
	void statusEndpointWithAnUnsafeMethodAndNoCsrfTokenIsForbidden(String method) {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			app.clock.advance(Duration.ofMinutes(10));
			StoreSnapshot before = app.snapshot(browser);
			browser.perform(request(HttpMethod.valueOf(method), "/autologout/status")).andExpect(status().isForbidden());
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(20 * 60));
			app.assertUntouched(browser, before);
		});
	}

	@ParameterizedTest(name = "{0} /autologout/keep-alive")
	@ValueSource(strings = { "GET", "HEAD", "PUT", "DELETE", "PATCH" })
	void keepAliveWithAnotherMethodDoesNotAnswerAsKeepAlive(String method) {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			StoreSnapshot before = app.snapshot(browser);
			browser.perform(request(HttpMethod.valueOf(method), "/autologout/keep-alive").with(csrf()))
				.andExpect(status().isNotFound())
				.andExpect(jsonPathAbsent());
			app.assertUntouched(browser, before);
		});
	}

	@ParameterizedTest(name = "{0} /autologout/keep-alive without a CSRF token")
	@ValueSource(strings = { "PUT", "DELETE", "PATCH" })
	void keepAliveWithAnUnsafeMethodAndNoCsrfTokenIsForbidden(String method) {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			StoreSnapshot before = app.snapshot(browser);
			browser.perform(request(HttpMethod.valueOf(method), "/autologout/keep-alive"))
				.andExpect(status().isForbidden());
			app.assertUntouched(browser, before);
		});
	}

	@Test
	void keepAliveWithAWrongCsrfTokenIsForbiddenAndDoesNotExtend() {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			app.clock.advance(Duration.ofMinutes(20));
			StoreSnapshot before = app.snapshot(browser);
			browser.perform(post("/autologout/keep-alive").with(csrf().useInvalidToken()))
				.andExpect(status().isForbidden());
			browser.perform(post("/autologout/keep-alive").header("X-CSRF-TOKEN", "forged"))
				.andExpect(status().isForbidden());
			browser.perform(post("/autologout/keep-alive").param("_csrf", ""))
				.andExpect(status().isForbidden());
			browser.statusEndpoint().andExpect(jsonPath("$.secondsUntilIdleEnd").value(10 * 60));
			app.assertUntouched(browser, before);
		});
	}

	@Test
	void keepAliveWithAOneMegabyteBodyIsAnsweredLikeAnyKeepAlive() {
		run((app) -> {
			Browser browser = app.login("user");
			app.login("admin");
			app.clock.advance(Duration.ofMinutes(20));
			StoreSnapshot before = app.snapshot(browser);
			browser
				.perform(post("/autologout/keep-alive").with(csrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"lastActivity\":\"" + "9".repeat(1024 * 1024) + "\"}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60))
				.andExpect(jsonPath("$.secondsUntilSessionEnd").value(12 * 3600 - 20 * 60));
			app.assertUntouched(browser, before);
		});
	}

	@Test
	void keepAliveIgnoresEveryClientReportedTimeInParametersHeadersAndBody() {
		run((app) -> {
			Browser browser = app.login("user");
			app.clock.advance(Duration.ofMinutes(20));
			String future = Long.toString(START.plus(Duration.ofDays(365)).toEpochMilli());
			browser
				.perform(post("/autologout/keep-alive").with(csrf())
					.param("autologout.seen", future)
					.param("autologout.at", future)
					.param("lastActivity", future)
					.param("idleTimeout", "P365D")
					.header("X-Last-Activity", future)
					.header("Date", "Tue, 05 Jan 2027 08:00:00 GMT")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"lastActivity\":" + future + ",\"secondsUntilIdleEnd\":99999999}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60))
				.andExpect(jsonPath("$.secondsUntilSessionEnd").value(12 * 3600 - 20 * 60));
			assertThat(SessionTimesAttributes.read(browser.session).lastActivity()).isEqualTo(app.clock.instant());
			assertThat(SessionTimesAttributes.read(browser.session).authenticatedAt()).isEqualTo(START);
			app.clock.advance(Duration.ofMinutes(30));
			browser.keepAlive().andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("idle"));
		});
	}

	@Test
	void statusEndpointIgnoresEveryClientReportedTimeAndNeverExtends() {
		run((app) -> {
			Browser browser = app.login("user");
			app.clock.advance(Duration.ofMinutes(20));
			String future = Long.toString(START.plus(Duration.ofDays(365)).toEpochMilli());
			browser
				.perform(get("/autologout/status").param("autologout.seen", future)
					.param("lastActivity", future)
					.header("X-Last-Activity", future)
					.header("X-Requested-With", "XMLHttpRequest"))
				.andExpect(status().isOk())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(jsonPath("$.secondsUntilIdleEnd").value(10 * 60));
			app.clock.advance(Duration.ofMinutes(10));
			browser.statusEndpoint().andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("idle"));
		});
	}

	@Test
	void keepAliveReplayedAfterAForcedLogoutIsRefusedAndNeverRevives() {
		run((app) -> {
			Browser browser = app.login("user");
			Browser other = app.login("admin");
			app.clock.advance(Duration.ofMinutes(1));
			app.revocations.revokeUser("user", new Revocation(app.clock.instant(), LogoutReason.FORCED));
			browser.keepAlive()
				.andExpect(status().isUnauthorized())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(jsonPath("$.reason").value("forced"))
				.andExpect(unauthenticated());
			assertThat(browser.session.isInvalid()).isTrue();
			for (int i = 0; i < 3; i++) {
				browser.keepAlive().andExpect(status().isUnauthorized()).andExpect(unauthenticated());
			}
			browser.visit("/").andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
			other.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername("admin"));
		});
	}

	@Test
	void keepAliveReplayedWithAStolenCopyOfAnEndedSessionIsRefused() {
		run((app) -> {
			Browser browser = app.login("user");
			MockHttpSession copy = new MockHttpSession(null, browser.session.getId());
			Collections.list(browser.session.getAttributeNames())
				.forEach((name) -> copy.setAttribute(name, browser.session.getAttribute(name)));
			// a store keeps its own copy of the context, which the logout of the original does not clear
			SecurityContextImpl context = (SecurityContextImpl) browser.session
				.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			copy.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
					new SecurityContextImpl(context.getAuthentication()));
			app.clock.advance(Duration.ofMinutes(30));
			browser.keepAlive().andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("idle"));
			app.clock.advance(Duration.ofSeconds(1));
			app.mvc.perform(post("/autologout/keep-alive").with(csrf()).session(copy))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.reason").value("idle"));
		});
	}

	@ParameterizedTest(name = "Accept: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			garbage               | 303
			*/*;q=abc             | 303
			application/json;;;;  | 401
			text/html, ,,, */     | 303
			a/b/c/d               | 303
			""")
	void garbageAcceptHeaderStillGetsTheStatusAndACleanLogout(String accept, int logoutStatus) {
		run((app) -> {
			Browser browser = app.login("user");
			browser.perform(get("/autologout/status").header(HttpHeaders.ACCEPT, accept))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.authenticated").value(true));
			app.clock.advance(Duration.ofMinutes(30));
			ResultActions logout = browser.perform(get("/").header(HttpHeaders.ACCEPT, accept))
				.andExpect(status().is(logoutStatus));
			if (logoutStatus == 303) {
				logout.andExpect(redirectedUrl("/login?autologout=idle"));
			}
			else {
				logout.andExpect(jsonPath("$.reason").value("idle"));
			}
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			continue  | https://evil.example/
			redirect  | //evil.example
			autologout| https://evil.example/login
			continue  | /\\evil.example
			url       | javascript:alert(1)
			""")
	void logoutRedirectIsAlwaysTheLocalLoginPage(String parameter, String value) {
		run((app) -> {
			Browser browser = app.login("user");
			app.clock.advance(Duration.ofMinutes(30));
			browser
				.perform(get("/").param(parameter, value)
					.header(HttpHeaders.HOST, "evil.example")
					.header("X-Forwarded-Host", "evil.example")
					.header("X-Forwarded-Proto", "https")
					.header(HttpHeaders.REFERER, "https://evil.example/"))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=idle"));
		});
	}

	@ParameterizedTest(name = "?autologout={0}")
	@ValueSource(strings = { "https://evil.example", "", "IDLE ", "idle%00", "<script>alert(1)</script>" })
	void loginPageIgnoresAReasonItDoesNotKnow(String reason) {
		run((app) -> app.browser()
			.perform(get("/login").param("autologout", reason))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request()
				.attribute(AutoLogoutFilter.REASON_ATTRIBUTE, (Object) null)));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			an Integer instead of a String          | INTEGER                 | INTEGER                 | absolute
			a negative time                         | -1                      | -1                      | idle
			an empty string                         | ''                      | ''                      | absolute
			a number with spaces                    | ' 1767600000000'        | ' 1767600000000'        | absolute
			a number too big for a long             | 99999999999999999999    | 99999999999999999999    | absolute
			the largest long                        | 9223372036854775807     | 9223372036854775807     | absolute
			login a year in the future              | FUTURE                  | FUTURE                  | absolute
			last activity a year in the future      | START                   | FUTURE                  | absolute
			last activity before login              | START                   | BEFORE                  | absolute
			only the login time                     | START                   | null                    | absolute
			""")
	void corruptSessionTimesEndTheSessionCleanlyAndLeaveOtherSessionsAlone(String description,
			String authenticatedAt, String lastActivity, String reason) {
		run((app) -> {
			Browser browser = app.login("user");
			Browser other = app.login("admin");
			app.clock.advance(Duration.ofMinutes(1));
			browser.session.setAttribute(SessionTimesAttributes.NAME,
					SessionTimesValues.of(corrupt(authenticatedAt), corrupt(lastActivity)));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=" + reason));
			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement().extracting(AutoLogoutEvent::getUsername).isEqualTo("user");
			other.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername("admin"));
		});
	}

	@Test
	void lastActivityWithinTheClockSkewAllowanceIsAccepted() {
		run((app) -> {
			Browser browser = app.login("user");
			Instant nearFuture = START.plus(SessionTimesAttributes.CLOCK_SKEW);
			browser.session.setAttribute(SessionTimesAttributes.NAME, SessionTimesValues.of(START, nearFuture));
			browser.visit("/").andExpect(status().isOk());
			browser.session.setAttribute(SessionTimesAttributes.NAME,
					SessionTimesValues.of(START, nearFuture.plusMillis(1)));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=absolute"));
		});
	}

	@Test
	void corruptSessionTimesOnKeepAliveEndTheSessionWithAProblem() {
		run((app) -> {
			Browser browser = app.login("user");
			browser.session.setAttribute(SessionTimesAttributes.NAME,
					SessionTimesValues.of(corrupt("START"), corrupt("FUTURE")));
			browser.keepAlive()
				.andExpect(status().isUnauthorized())
				.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
				.andExpect(jsonPath("$.reason").value("absolute"));
			assertThat(browser.session.isInvalid()).isTrue();
		});
	}

	@ParameterizedTest(name = "security context replaced by {0}")
	@CsvSource(delimiter = '|', textBlock = """
			a string                       | 302
			an empty context               | 302
			an unauthenticated token       | 403
			""")
	void foreignSecurityContextIsTreatedAsNotAuthenticated(String kind, int pageStatus) {
		run((app) -> {
			Browser browser = app.login("user");
			Browser other = app.login("admin");
			Object foreign = switch (kind) {
				case "a string" -> "not a security context";
				case "an empty context" -> new SecurityContextImpl();
				default -> new SecurityContextImpl(UsernamePasswordAuthenticationToken.unauthenticated("user", null));
			};
			browser.session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, foreign);
			browser.visit("/").andExpect(status().is(pageStatus));
			assertThat(app.events).isEmpty();
			browser.statusEndpoint().andExpect(status().isOk()).andExpect(jsonPath("$.authenticated").value(false));
			browser.keepAlive().andExpect(status().isUnauthorized()).andExpect(jsonPath("$.authenticated").value(false));
			other.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername("admin"));
		});
	}

	@Test
	void loginChangesTheSessionIdWithTheFilterPresent() {
		run((app) -> {
			Browser browser = app.browser();
			browser.visit("/login").andExpect(status().isOk());
			String before = browser.session.getId();
			browser
				.perform(post("/login").param("username", "user").param("password", "password").with(csrf()))
				.andExpect(status().isFound())
				.andExpect(authenticated().withUsername("user"));
			assertThat(browser.session.getId()).isNotEqualTo(before);
			assertThat(SessionTimesAttributes.read(browser.session).authenticatedAt()).isEqualTo(START);
		});
	}

	@Test
	void concurrentRequestsOfOneSessionNeverMoveLastActivityBackwards() throws Exception {
		run((app) -> {
			RecordingSession session = new RecordingSession();
			app.login(session, "user");
			List<Instant> instants = new ArrayList<>();
			for (int i = 1; i <= 600; i++) {
				instants.add(START.plusMillis(i * 300L));
			}
			Collections.shuffle(instants, new java.util.Random(7));
			app.clock.handOut(instants);
			ExecutorService executor = Executors.newFixedThreadPool(8);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Integer>> results = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					results.add(executor.submit(() -> {
						start.await();
						return app.mvc.perform(get("/").session(session)).andReturn().getResponse().getStatus();
					}));
				}
				start.countDown();
				for (Future<Integer> result : results) {
					assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(200);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(session.lastActivityWrites).isNotEmpty().isSorted().doesNotHaveDuplicates();
		});
	}

	@Test
	void twoLoginsOfOneUserAtTheSameInstantKeepTheirOwnDeadlinesUnderTheAuthorityPolicy() {
		WebApplicationContextRunner adminPolicy = this.runner.withPropertyValues(
				"autologout.policies[0].authority=ROLE_ADMIN", "autologout.policies[0].idle-timeout=5m");
		adminPolicy.run((context) -> {
			App app = new App(context);
			Browser laptop = app.login("admin");
			Browser phone = app.login("admin");
			Browser user = app.login("user");
			assertThat(SessionTimesAttributes.read(laptop.session).authenticatedAt())
				.isEqualTo(SessionTimesAttributes.read(phone.session).authenticatedAt());
			phone.statusEndpoint().andExpect(jsonPath("$.idleTimeoutSeconds").value(5 * 60));
			user.statusEndpoint().andExpect(jsonPath("$.idleTimeoutSeconds").value(30 * 60));

			// a revocation takes effect for logins strictly before its instant: same-instant logins survive it
			app.revocations.revokeUser("admin", new Revocation(START, LogoutReason.FORCED));
			app.clock.advance(Duration.ofMinutes(4));
			laptop.visit("/").andExpect(status().isOk());
			app.clock.advance(Duration.ofMinutes(1));
			phone.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=idle"));
			laptop.visit("/").andExpect(status().isOk());

			app.revocations.revokeUser("admin", new Revocation(START.plusMillis(1), LogoutReason.FORCED));
			laptop.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=forced"));
			user.visit("/").andExpect(status().isOk());
			assertThat(app.events).extracting(AutoLogoutEvent::getReason)
				.containsExactly(LogoutReason.IDLE, LogoutReason.FORCED);
		});
	}

	@Test
	void storeSnapshotNoticesAChangedSessionARevocationATrackerEntryAndAnEvent() {
		run((app) -> {
			Browser browser = app.login("user");
			Browser other = app.login("admin");
			app.snapshot(browser).assertUnchanged();

			StoreSnapshot attribute = app.snapshot(browser);
			other.session.setAttribute(SessionTimesAttributes.NAME, SessionTimesValues.of(START, START.plusSeconds(1)));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(attribute::assertUnchanged)
				.withMessageContaining("[sessions, their state and the revocations refusing them]");

			StoreSnapshot sessionRevocation = app.snapshot(browser);
			app.revocations.revokeSession(browser.session.getId(), LogoutReason.FORCED);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(sessionRevocation::assertUnchanged)
				.withMessageContaining("[sessions, their state and the revocations refusing them]");

			StoreSnapshot userRevocation = app.snapshot(browser);
			app.revocations.revokeUser("admin", new Revocation(START.plusMillis(1), LogoutReason.FORCED));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(userRevocation::assertUnchanged)
				.withMessageContaining("[sessions, their state and the revocations refusing them]");
			userRevocation.assertUnchangedExceptFor("admin", "user");

			StoreSnapshot tracker = app.snapshot(browser);
			app.tracker.untrack("admin", List.of(other.session.getId()));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(tracker::assertUnchanged)
				.withMessageContaining("[the session tracker]");

			StoreSnapshot events = app.snapshot(browser);
			app.events.add(new AutoLogoutEvent(this, "admin", other.session.getId(), LogoutReason.IDLE));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(events::assertUnchanged)
				.withMessageContaining("[AutoLogoutEvents]");
			events.assertUnchangedExceptFor("admin");
		});
	}

	@Test
	void sessionWithOnlyTheAttributesOfAnOlderVersionGoesOnDatedFromItsCreation() {
		run((app) -> {
			Instant created = START.minus(Duration.ofHours(1));
			Browser browser = app.login(new SessionCreatedAt(created), "user");
			app.login("admin");
			writeOlderVersionAttributes(browser.session, START);
			app.clock.advance(Duration.ofMinutes(1));
			StoreSnapshot before = app.snapshot(browser);

			browser.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername("user"));

			assertThat(SessionTimesAttributes.read(browser.session))
				.isEqualTo(SessionTimes.of(created, START.plus(Duration.ofMinutes(1))));
			assertThat(browser.session.getAttribute(ClientDetails.ATTRIBUTE)).isNull();
			assertThat(olderVersionAttributes(browser.session)).as("left as they were")
				.containsExactlyEntriesOf(olderVersionAttributes(START));
			browser.statusEndpoint()
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60))
				.andExpect(jsonPath("$.secondsUntilSessionEnd").value(11 * 3600 - 60));
			before.assertUnchangedExceptFor("user");
			assertThat(app.tracker.sessionIds("user")).containsExactly(browser.session.getId());
			assertThat(app.events).isEmpty();

			// dated from its creation, a revocation made since then refuses the session
			app.revocations.revokeUser("user", new Revocation(START.minus(Duration.ofMinutes(30)), LogoutReason.FORCED));
			browser.visit("/").andExpect(status().isSeeOther()).andExpect(redirectedUrl("/login?autologout=forced"));
		});
	}

	@Test
	void sessionWithOnlyTheAttributesOfAnOlderVersionCreatedBeforeTheAbsoluteTimeoutIsLoggedOutCleanly() {
		run((app) -> {
			Browser browser = app.login(new SessionCreatedAt(START.minus(Duration.ofHours(13))), "user");
			Browser other = app.login("admin");
			writeOlderVersionAttributes(browser.session, START);
			StoreSnapshot before = app.snapshot(browser);

			browser.visit("/")
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=absolute"))
				.andExpect(unauthenticated());

			assertThat(browser.session.isInvalid()).isTrue();
			assertThat(app.events).singleElement().satisfies((event) -> {
				assertThat(event.getUsername()).isEqualTo("user");
				assertThat(event.getReason()).isEqualTo(LogoutReason.ABSOLUTE);
			});
			assertThat(app.tracker.sessionIds("user")).isEmpty();
			before.assertUnchangedExceptFor("user");
			other.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername("admin"));
		});
	}

	@ParameterizedTest(name = "autologout.client = {0}")
	@ValueSource(strings = { "INTEGER", "no separator", "", "LIST" })
	void foreignTypedClientDetailsAreReplacedByTheRequestsOwnAndBreakNothing(String kind) {
		this.runner.withPropertyValues("autologout.record-client-details=true").run((context) -> {
			App app = new App(context);
			Browser browser = app.login("user");
			app.login("admin");
			Object foreign = switch (kind) {
				case "INTEGER" -> 42;
				case "LIST" -> List.of("203.0.113.7", "Old Browser/1.0");
				default -> kind;
			};
			browser.session.setAttribute(ClientDetails.ATTRIBUTE, foreign);
			app.clock.advance(Duration.ofMinutes(1));
			StoreSnapshot before = app.snapshot(browser);

			browser.perform(get("/").header(HttpHeaders.USER_AGENT, "Test Browser/2.0"))
				.andExpect(status().isOk())
				.andExpect(authenticated().withUsername("user"));

			assertThat(browser.session.getAttribute(ClientDetails.ATTRIBUTE)).isEqualTo("127.0.0.1\nTest Browser/2.0");
			browser.statusEndpoint().andExpect(status().isOk()).andExpect(jsonPath("$.secondsUntilIdleEnd").value(30 * 60));
			before.assertUnchanged();
		});
	}

	/** Writes what versions before the single {@code autologout} attribute kept in a session. */
	private static void writeOlderVersionAttributes(MockHttpSession session, Instant at) {
		session.removeAttribute(SessionTimesAttributes.NAME);
		session.removeAttribute(ClientDetails.ATTRIBUTE);
		olderVersionAttributes(at).forEach(session::setAttribute);
	}

	/**
	 * The attributes of versions before the single {@code autologout} attribute, in the types
	 * they wrote: Strings of epoch milliseconds in base 10, and the client details apart.
	 */
	private static java.util.Map<String, Object> olderVersionAttributes(Instant at) {
		String millis = Long.toString(at.toEpochMilli());
		java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
		attributes.put("autologout.at", millis);
		attributes.put("autologout.seen", millis);
		attributes.put("autologout.checked", millis);
		attributes.put("autologout.ip", "203.0.113.7");
		attributes.put("autologout.ua", "Old Browser/1.0");
		return attributes;
	}

	private static java.util.Map<String, Object> olderVersionAttributes(MockHttpSession session) {
		java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
		for (String name : List.of("autologout.at", "autologout.seen", "autologout.checked", "autologout.ip",
				"autologout.ua")) {
			attributes.put(name, session.getAttribute(name));
		}
		return attributes;
	}

	private static org.springframework.test.web.servlet.ResultMatcher jsonPathAbsent() {
		return jsonPath("$.secondsUntilIdleEnd").doesNotExist();
	}

	private static Object corrupt(String value) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case "INTEGER" -> (Object) 1767600000;
			case "START" -> Long.toString(START.toEpochMilli());
			case "BEFORE" -> Long.toString(START.toEpochMilli() - 1);
			case "FUTURE" -> Long.toString(START.plus(Duration.ofDays(365)).toEpochMilli());
			default -> value;
		};
	}

	private void run(AppTest test) {
		this.runner.run((context) -> test.run(new App(context)));
	}

	@FunctionalInterface
	private interface AppTest {

		void run(App app) throws Exception;

	}

	/**
	 * A started application under test.
	 */
	private static final class App {

		final HandingOutClock clock;

		final List<AutoLogoutEvent> events;

		final RevocationRegistry revocations;

		final SessionTracker tracker;

		final MockMvc mvc;

		private final List<Browser> browsers = new ArrayList<>();

		App(AssertableWebApplicationContext context) {
			assertThat(context).hasNotFailed();
			this.clock = context.getBean(HandingOutClock.class);
			this.events = context.getBean(RecordedEvents.class).events;
			this.revocations = context.getBean(RevocationRegistry.class);
			this.tracker = context.getBean(SessionTracker.class);
			this.mvc = MockMvcBuilders.webAppContextSetup(context.getSourceApplicationContext())
				.apply(springSecurity())
				.build();
		}

		Browser browser() {
			return new Browser(this.mvc, new MockHttpSession(), null);
		}

		Browser login(String username) throws Exception {
			return login(new MockHttpSession(), username);
		}

		Browser login(MockHttpSession session, String username) throws Exception {
			Browser browser = new Browser(this.mvc, session, username);
			browser.perform(post("/login").param("username", username).param("password", "password").with(csrf()))
				.andExpect(status().isFound())
				.andExpect(authenticated().withUsername(username));
			this.browsers.add(browser);
			return browser;
		}

		/**
		 * Snapshots what a bad request of the given browser must leave alone: every other
		 * session logged in here with its autologout attributes and user, whether the browser's
		 * own session lives, the revocations of all of them, the tracker and the events.
		 */
		StoreSnapshot snapshot(Browser browser) {
			return StoreSnapshot.take(() -> this.browsers.stream().map((other) -> {
				MockHttpSession session = other.session;
				SessionTimes times = session.isInvalid() ? null : SessionTimesAttributes.read(session);
				Object state = session.isInvalid() ? "invalid"
						: (other == browser) ? "valid"
								: Arrays.asList(session.getAttribute(SessionTimesAttributes.NAME),
										session.getAttribute(ClientDetails.ATTRIBUTE), other.username);
				return new StoreSnapshot.Session(other.username, session.getId(),
						(times != null) ? times.authenticatedAt() : null, state);
			}).toList(), this.tracker, this.revocations, () -> this.events);
		}

		/**
		 * Asserts that nothing changed since the snapshot, and that the session still lives.
		 */
		void assertUntouched(Browser browser, StoreSnapshot before) throws Exception {
			before.assertUnchanged();
			assertThat(browser.session.isInvalid()).isFalse();
			browser.visit("/").andExpect(status().isOk()).andExpect(authenticated().withUsername(browser.username));
		}

	}

	/**
	 * A browser with its own session, sent with every request.
	 */
	private static final class Browser {

		final MockHttpSession session;

		final String username;

		private final MockMvc mvc;

		Browser(MockMvc mvc, MockHttpSession session, String username) {
			this.mvc = mvc;
			this.session = session;
			this.username = username;
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

	/**
	 * A session created at a given instant, as a session of an older version would be.
	 */
	private static final class SessionCreatedAt extends MockHttpSession {

		private final long creationTime;

		SessionCreatedAt(Instant creationTime) {
			this.creationTime = creationTime.toEpochMilli();
		}

		@Override
		public long getCreationTime() {
			super.getCreationTime();
			return this.creationTime;
		}

	}

	/**
	 * A session that records every write of the last activity, in order.
	 */
	private static final class RecordingSession extends MockHttpSession {

		final List<Long> lastActivityWrites = new CopyOnWriteArrayList<>();

		@Override
		public void setAttribute(String name, Object value) {
			synchronized (this.lastActivityWrites) {
				super.setAttribute(name, value);
				if (SessionTimesAttributes.NAME.equals(name) && value != null) {
					this.lastActivityWrites
						.add(SessionTimesAttributes.read((attribute) -> value).lastActivity().toEpochMilli());
				}
			}
		}

		@Override
		public Object getAttribute(String name) {
			synchronized (this.lastActivityWrites) {
				return super.getAttribute(name);
			}
		}

	}

	/**
	 * A {@link MutableClock} that can also hand out a given sequence of instants, one per call,
	 * to drive concurrent requests with activity times in any order.
	 */
	static final class HandingOutClock extends java.time.Clock {

		private final MutableClock clock = new MutableClock(START);

		private final java.util.Queue<Instant> handOut = new java.util.concurrent.ConcurrentLinkedQueue<>();

		void advance(Duration duration) {
			this.clock.advance(duration);
		}

		void handOut(List<Instant> instants) {
			this.handOut.addAll(instants);
		}

		@Override
		public Instant instant() {
			Instant next = this.handOut.poll();
			return (next != null) ? next : this.clock.instant();
		}

		@Override
		public java.time.ZoneId getZone() {
			return java.time.ZoneOffset.UTC;
		}

		@Override
		public java.time.Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	@Import({ TestController.class, RecordedEvents.class })
	static class ApplicationConfiguration {

		@Bean
		HandingOutClock clock() {
			return new HandingOutClock();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("user").password("{noop}password").roles("USER").build(),
					User.withUsername("admin").password("{noop}password").roles("USER", "ADMIN").build());
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/login").permitAll().anyRequest().authenticated());
			http.formLogin((form) -> form.loginPage("/login"));
			return http.build();
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/")
		String home(Principal principal) {
			return "hello " + principal.getName();
		}

		@GetMapping("/login")
		String login() {
			return "login page";
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

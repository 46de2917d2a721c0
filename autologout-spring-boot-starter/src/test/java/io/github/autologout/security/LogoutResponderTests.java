package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.LogoutReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.json.JsonAssert;
import org.springframework.test.json.JsonCompareMode;

/**
 * Tests for {@link LogoutResponder}.
 */
class LogoutResponderTests {

	private final LogoutResponder responder = new LogoutResponder("/login",
			new AutoLogoutMessages(new StaticMessageSource(), null));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@ParameterizedTest
	@EnumSource(LogoutReason.class)
	void browserIsRedirectedToTheLoginPageWithTheReason(LogoutReason reason) throws Exception {
		this.responder.send(this.request, this.response, reason);
		assertThat(this.response.getStatus()).isEqualTo(303);
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login?autologout=" + reason.code());
		assertThat(this.response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(this.response.getContentAsString()).isEmpty();
	}

	@Test
	void reasonCookieIsHttpOnlySameSiteLaxAndShortLivedAndSecureOnlyOverHttps() throws Exception {
		this.responder.send(this.request, this.response, LogoutReason.FORCED);
		MockHttpServletResponse overHttps = new MockHttpServletResponse();
		MockHttpServletRequest secure = new MockHttpServletRequest("GET", "/orders");
		secure.setSecure(true);
		this.responder.send(secure, overHttps, LogoutReason.FORCED);

		assertThat(this.response.getHeaders(HttpHeaders.SET_COOKIE)).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("AUTOLOGOUT_REASON=forced; Path=/; Max-Age=300; Expires=")
				.endsWith("; HttpOnly; SameSite=Lax")
				.doesNotContain("Secure"));
		assertThat(overHttps.getHeaders(HttpHeaders.SET_COOKIE)).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("AUTOLOGOUT_REASON=forced; Path=/; Max-Age=300; Expires=")
				.endsWith("; Secure; HttpOnly; SameSite=Lax"));
	}

	@Test
	void redirectKeepsTheContextPath() throws Exception {
		this.request.setContextPath("/app");
		this.request.setRequestURI("/app/orders");
		this.responder.send(this.request, this.response, LogoutReason.IDLE);
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/app/login?autologout=idle");
	}

	@Test
	void redirectKeepsTheQueryOfTheLoginUrl() throws Exception {
		LogoutResponder responder = new LogoutResponder("/signin?tenant=acme",
				new AutoLogoutMessages(new StaticMessageSource(), null));
		responder.send(this.request, this.response, LogoutReason.ABSOLUTE);
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/signin?tenant=acme&autologout=absolute");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Accept           | application/json
			Accept           | application/problem+json
			Accept           | application/json, text/plain, */*
			X-Requested-With | XMLHttpRequest
			Sec-Fetch-Dest   | empty
			""")
	void scriptRequestGetsUnauthorizedProblem(String name, String value) throws Exception {
		this.request.addHeader(name, value);
		this.responder.send(this.request, this.response, LogoutReason.IDLE);
		assertThat(this.responder.isScriptRequest(this.request)).isTrue();
		assertThatProblem(LogoutReason.IDLE, "You were signed out because you were inactive for too long.", "/login");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Accept           | text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8
			Accept           | */*
			Sec-Fetch-Dest   | document
			X-Requested-With | com.example.app
			""")
	void pageRequestIsRedirected(String name, String value) throws Exception {
		this.request.addHeader(name, value);
		this.responder.send(this.request, this.response, LogoutReason.IDLE);
		assertThat(this.responder.isScriptRequest(this.request)).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(303);
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login?autologout=idle");
	}

	@Test
	void problemIsInTheUsersLanguageAndCarriesTheContextPath() throws Exception {
		this.request.setContextPath("/app");
		this.request.addHeader("X-Requested-With", "XMLHttpRequest");
		this.request.addPreferredLocale(Locale.SIMPLIFIED_CHINESE);
		this.responder.send(this.request, this.response, LogoutReason.FORCED);
		assertThatProblem("会话已结束", LogoutReason.FORCED, "您的会话已被管理员结束。", "/app/login");
	}

	@Test
	void sendProblemAnswersUnauthorizedWhateverTheRequestAccepts() throws Exception {
		this.request.addHeader(HttpHeaders.ACCEPT, MediaType.TEXT_HTML_VALUE);
		this.responder.sendProblem(this.request, this.response, LogoutReason.ABSOLUTE);
		assertThatProblem(LogoutReason.ABSOLUTE,
				"You were signed out because your session reached its maximum length. Please sign in again.",
				"/login");
	}

	private void assertThatProblem(LogoutReason reason, String detail, String loginUrl) throws Exception {
		assertThatProblem("Session ended", reason, detail, loginUrl);
	}

	private void assertThatProblem(String title, LogoutReason reason, String detail, String loginUrl)
			throws Exception {
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader(HttpHeaders.LOCATION)).isNull();
		assertThat(this.response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(MediaType.parseMediaType(this.response.getContentType()))
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		String expected = """
				{"title": "%s", "status": 401, "detail": "%s",
				 "reason": "%s", "loginUrl": "%s"}
				""".formatted(title, detail, reason.code(), loginUrl);
		JsonAssert.comparator(JsonCompareMode.STRICT)
			.assertIsMatch(expected, this.response.getContentAsString(StandardCharsets.UTF_8));
	}

}

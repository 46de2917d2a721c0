package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.github.autologout.security.AutoLogoutRequestMatchers.RequestKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Tests for {@link AutoLogoutRequestMatchers}.
 */
class AutoLogoutRequestMatchersTests {

	private final AutoLogoutRequestMatchers matchers = new AutoLogoutRequestMatchers("/autologout/status",
			"/autologout/keep-alive", List.of("/api/poll", "/notifications/**"));

	@ParameterizedTest
	@CsvSource({ "GET, /autologout/status, STATUS", "POST, /autologout/status, PASSIVE",
			"HEAD, /autologout/status, STATUS", "PUT, /autologout/status, PASSIVE", "POST, /autologout/keep-alive, KEEP_ALIVE",
			"GET, /autologout/keep-alive, ACTIVE",
			"GET, /api/poll, PASSIVE", "POST, /api/poll, PASSIVE", "GET, /notifications/unread/count, PASSIVE",
			"GET, /api/me, ACTIVE", "GET, /api/poll/more, ACTIVE", "GET, /autologout/status/extra, ACTIVE" })
	void kindOfTellsEachRequestApart(String method, String path, RequestKind expected) {
		assertThat(this.matchers.kindOf(new MockHttpServletRequest(method, path))).isEqualTo(expected);
	}

	@Test
	void keepAliveAtTheStatusEndpointsPathIsStillTheKeepAlive() {
		AutoLogoutRequestMatchers shared = new AutoLogoutRequestMatchers("/session", "/session", List.of());
		assertThat(shared.kindOf(new MockHttpServletRequest("GET", "/session"))).isEqualTo(RequestKind.STATUS);
		assertThat(shared.kindOf(new MockHttpServletRequest("POST", "/session"))).isEqualTo(RequestKind.KEEP_ALIVE);
		assertThat(shared.kindOf(new MockHttpServletRequest("HEAD", "/session"))).isEqualTo(RequestKind.STATUS);
		assertThat(shared.passive().matches(new MockHttpServletRequest("POST", "/session"))).isFalse();
		assertThat(shared.passive().matches(new MockHttpServletRequest("HEAD", "/session"))).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "GET, /autologout/status, true", "HEAD, /autologout/status, true", "POST, /autologout/status, false",
			"GET, /autologout/status/extra, false", "GET, /api/me, false" })
	void statusMatchesWhatKindOfTellsTheStatusEndpoint(String method, String path, boolean expected) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		assertThat(this.matchers.status().matches(request)).isEqualTo(expected);
		assertThat(this.matchers.kindOf(request) == RequestKind.STATUS).isEqualTo(expected);
	}

	@Test
	void kindOfAgreesWithTheSingleMatchersUnderAContextPath() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app/autologout/status");
		request.setContextPath("/app");
		assertThat(this.matchers.kindOf(request)).isEqualTo(RequestKind.STATUS);
		assertThat(this.matchers.status().matches(request)).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "GET, /%61pi/poll", "GET, /api/poll/", "GET, /api/poll;x=1", "GET, //api/poll", "GET, /API/poll",
			"POST, /autologout/keep-alive/", "POST, /autologout/keep%2Dalive", "GET, /autologout/status;a=b",
			"HEAD, /autologout//status", "GET, /notifications", "PATCH, /notifications/a%2Fb", "GET, /",
			"GET, ''" })
	void kindOfAgreesWithTheSingleMatchersOnOddPaths(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		RequestKind kind = this.matchers.kindOf(request);
		assertThat(kind == RequestKind.STATUS).isEqualTo(this.matchers.status().matches(request));
		assertThat(kind == RequestKind.KEEP_ALIVE).isEqualTo(this.matchers.keepAlive().matches(request));
		assertThat(kind == RequestKind.STATUS || kind == RequestKind.PASSIVE)
			.isEqualTo(this.matchers.passive().matches(request));
	}

	@Test
	void kindOfLeavesNoParsedPathBehind() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		this.matchers.kindOf(request);
		assertThat(ServletRequestPathUtils.hasParsedRequestPath(request)).isFalse();
	}

	@Test
	void kindOfKeepsAPathParsedBeforeIt() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/poll");
		RequestPath parsed = ServletRequestPathUtils.parseAndCache(request);
		assertThat(this.matchers.kindOf(request)).isEqualTo(RequestKind.PASSIVE);
		assertThat(ServletRequestPathUtils.getParsedRequestPath(request)).isSameAs(parsed);
	}

	@Test
	void onlyTheStatusAndKeepAliveEndpointsAreAnsweredByAutologout() {
		assertThat(RequestKind.STATUS.isEndpoint()).isTrue();
		assertThat(RequestKind.KEEP_ALIVE.isEndpoint()).isTrue();
		assertThat(RequestKind.PASSIVE.isEndpoint()).isFalse();
		assertThat(RequestKind.ACTIVE.isEndpoint()).isFalse();
	}

}

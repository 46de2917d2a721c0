package io.github.autologout.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.InvalidCsrfTokenException;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EndedSessionAccessDeniedHandler}.
 */
class EndedSessionAccessDeniedHandlerTests {

	private final InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(Clock.systemUTC(),
			Duration.ofHours(1));

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private int otherwiseCalls;

	private final EndedSessionAccessDeniedHandler handler = new EndedSessionAccessDeniedHandler(this.revocations,
			new LogoutResponder("/login", new AutoLogoutMessages(new StaticMessageSource(), null)),
			new AutoLogoutRequestMatchers("/autologout/status", "/autologout/keep-alive", List.of()),
			(request, response, ex) -> this.otherwiseCalls++);

	@Test
	void formThatFailsTheCsrfCheckWithTheCookieOfASessionAutologoutEndedIsSentToTheLoginPageWithTheReason()
			throws Exception {
		this.revocations.revokeSession("ended", LogoutReason.IDLE);
		MockHttpServletRequest request = requestWithSession("POST", "/orders", "ended", false);

		assertThat(this.handler.matches(request)).isTrue();
		this.handler.handle(request, this.response, new MissingCsrfTokenException(null));

		assertThat(this.response.getStatus()).isEqualTo(303);
		assertThat(this.response.getRedirectedUrl()).isEqualTo("/login?autologout=idle");
		assertThat(request.getSession(false)).as("a new session's cookie replaces the ended one's").isNotNull();
		assertThat(this.otherwiseCalls).isZero();
	}

	@Test
	void keepAliveThatFailsTheCsrfCheckWithTheCookieOfASessionAutologoutEndedIsAnsweredWithTheProblem()
			throws Exception {
		this.revocations.revokeSession("ended", LogoutReason.FORCED);
		MockHttpServletRequest request = requestWithSession("POST", "/autologout/keep-alive", "ended", false);

		DefaultCsrfToken expected = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "expected");
		this.handler.handle(request, this.response, new InvalidCsrfTokenException(expected, "forged"));

		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getContentAsString()).contains("\"reason\":\"forced\"");
	}

	@Test
	void refusalOtherThanTheCsrfChecksIsLeftToTheOtherHandlerEvenForASessionAutologoutEnded() throws Exception {
		this.revocations.revokeSession("ended", LogoutReason.IDLE);
		MockHttpServletRequest request = requestWithSession("GET", "/admin", "ended", false);

		this.handler.handle(request, this.response, new AccessDeniedException("not an admin"));

		assertThat(this.otherwiseCalls).isOne();
	}

	@Test
	void requestsWithASessionThatIsValidUnknownOrEndedOtherwiseAreLeftToTheOtherHandler() throws Exception {
		this.revocations.revokeSession("ended", LogoutReason.IDLE);
		List<MockHttpServletRequest> requests = List.of(requestWithSession("POST", "/orders", "ended", true),
				requestWithSession("POST", "/orders", "expired-by-the-container", false),
				new MockHttpServletRequest("POST", "/orders"));

		for (MockHttpServletRequest request : requests) {
			assertThat(this.handler.matches(request)).isFalse();
			this.handler.handle(request, this.response, new MissingCsrfTokenException(null));
		}

		assertThat(this.otherwiseCalls).isEqualTo(3);
	}

	@Test
	void requestsThatTheCsrfCheckLetsThroughOrThatBringCredentialsOfTheirOwnAreNotMatched() {
		this.revocations.revokeSession("ended", LogoutReason.IDLE);
		MockHttpServletRequest bearer = requestWithSession("POST", "/api/orders", "ended", false);
		bearer.addHeader("Authorization", "Bearer token");

		assertThat(this.handler.matches(requestWithSession("GET", "/orders", "ended", false))).isFalse();
		assertThat(this.handler.matches(bearer)).isFalse();
		assertThat(this.handler.matches(requestWithSession("DELETE", "/orders/1", "ended", false))).isTrue();
	}

	@Test
	void refusalThatItsMatcherWouldNotTakeIsLeftToTheOtherHandlerAsSpringSecurityCallsALoneDefaultHandlerForAll()
			throws Exception {
		this.revocations.revokeSession("ended", LogoutReason.IDLE);
		MockHttpServletRequest bearer = requestWithSession("POST", "/api/orders", "ended", false);
		bearer.addHeader("Authorization", "Bearer token");

		this.handler.handle(bearer, this.response, new MissingCsrfTokenException(null));

		assertThat(this.otherwiseCalls).isOne();
	}

	private static MockHttpServletRequest requestWithSession(String method, String path, String sessionId,
			boolean valid) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setRequestedSessionId(sessionId);
		request.setRequestedSessionIdValid(valid);
		return request;
	}

}

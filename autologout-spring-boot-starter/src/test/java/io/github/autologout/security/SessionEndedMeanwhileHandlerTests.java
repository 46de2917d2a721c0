package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link SessionEndedMeanwhileHandler}.
 */
class SessionEndedMeanwhileHandlerTests {

	private static final Instant LOGIN = Instant.parse("2026-12-06T10:00:00Z");

	private static final TimeoutPolicy POLICY = TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(8));

	private final MutableClock clock = new MutableClock(LOGIN.plus(Duration.ofMinutes(1)));

	private final RevocationRegistry revocations = spy(new InMemoryRevocationRegistry(this.clock, Duration.ofDays(1)));

	private final InMemorySessionTracker tracker = new InMemorySessionTracker();

	private final List<Object> events = new ArrayList<>();

	private final Object filter = new Object();

	private final SessionEndedMeanwhileHandler handler = new SessionEndedMeanwhileHandler(this.revocations,
			new LogoutResponder("/login", new AutoLogoutMessages(new StaticMessageSource(), null)), this.events::add,
			this.filter, this.clock, SecurityContextHolder.getContextHolderStrategy());

	private final Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", "secret",
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	private final SessionTimes times = SessionTimes.authenticatedAt(LOGIN);

	private final MockHttpSession session = new MockHttpSession(null, "s1");

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	SessionEndedMeanwhileHandlerTests() {
		this.request.setSession(this.session);
		this.tracker.track(new TrackedSession("s1", "alice", POLICY.deadline(this.times)));
		this.handler.setSessionTracker(this.tracker);
	}

	@Test
	void liveSessionBeforeItsDeadlineIsLeftAloneWithoutAskingTheStore() {
		assertThat(leaveNoSessionIfEnded(this.request)).isFalse();

		assertThat(this.session.isInvalid()).isFalse();
		assertThat(this.tracker.sessionIds("alice")).containsExactly("s1");
		verify(this.revocations, never()).findSession("s1");
		assertThat(this.response.getCookie(LogoutResponder.REASON_COOKIE)).isNull();
	}

	@Test
	void sessionOfAUserRevokedMeanwhileIsInvalidatedUntrackedAndItsEndRecordedAndPublishedOnce() {
		this.revocations.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));

		assertThat(leaveNoSessionIfEnded(this.request)).isTrue();

		assertThat(this.session.isInvalid()).isTrue();
		assertThat(this.tracker.sessionIds("alice")).isEmpty();
		assertThat(this.revocations.findSession("s1")).contains(LogoutReason.FORCED);
		assertThat(this.events).singleElement().isInstanceOfSatisfying(AutoLogoutEvent.class, (event) -> {
			assertThat(event.getSource()).isSameAs(this.filter);
			assertThat(event.getSessionId()).isEqualTo("s1");
			assertThat(event.getReason()).isEqualTo(LogoutReason.FORCED);
		});
		assertThat(this.response.getCookie(LogoutResponder.REASON_COOKIE)).as("the reason for the next request")
			.satisfies((cookie) -> assertThat(cookie.getValue()).isEqualTo("forced"));
	}

	@Test
	void committedResponseIsLeftAsItIsWhenItsSessionEndedMeanwhile() {
		this.revocations.revokeUser("alice", new Revocation(this.clock.instant(), LogoutReason.FORCED));
		this.response.setCommitted(true);

		assertThat(leaveNoSessionIfEnded(this.request)).isTrue();

		assertThat(this.session.isInvalid()).isTrue();
		assertThat(this.response.getHeaders(HttpHeaders.SET_COOKIE)).isEmpty();
	}

	@Test
	void sessionPastItsDeadlineIsLeftAloneUnlessItsEndWasRecorded() {
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(leaveNoSessionIfEnded(this.request)).isFalse();
		assertThat(this.response.getCookie(LogoutResponder.REASON_COOKIE)).isNull();

		this.revocations.revokeSession("s1", LogoutReason.IDLE);

		assertThat(leaveNoSessionIfEnded(this.request)).isTrue();
		assertThat(this.session.isInvalid()).isTrue();
		assertThat(this.tracker.sessionIds("alice")).isEmpty();
		assertThat(this.events).as("published where its end was recorded").isEmpty();
		assertThat(this.response.getCookie(LogoutResponder.REASON_COOKIE))
			.satisfies((cookie) -> assertThat(cookie.getValue()).isEqualTo("idle"));
	}

	@Test
	void sessionGoneMeanwhileIsUntrackedWithoutAReasonSinceTheApplicationEndedIt() {
		MockHttpServletRequest withoutSession = new MockHttpServletRequest();

		assertThat(leaveNoSessionIfEnded(withoutSession)).isTrue();

		assertThat(this.tracker.sessionIds("alice")).isEmpty();
		assertThat(this.response.getCookie(LogoutResponder.REASON_COOKIE)).isNull();
	}

	private boolean leaveNoSessionIfEnded(MockHttpServletRequest request) {
		return this.handler.leaveNoSessionIfEnded(request, this.response, this.alice, "s1", POLICY, this.times);
	}

}

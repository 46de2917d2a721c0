package io.github.autologout.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.test.ForwardingRevocationRegistry;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class DefaultForceLogoutServiceTests {

	private static final String KEY = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private static final Instant LOGIN = Instant.parse("2026-03-01T09:00:00Z");

	private final MutableClock clock = new MutableClock(LOGIN);

	private final InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(this.clock,
			Duration.ofDays(14));

	private final HttpSessionIndex index = new HttpSessionIndex();

	private final List<AutoLogoutEvent> events = new ArrayList<>();

	private final DefaultForceLogoutService service = new DefaultForceLogoutService(this.index, this.revocations,
			(event) -> this.events.add((AutoLogoutEvent) event), this.clock);

	@Test
	void logoutEndsEverySessionOfTheUserAndNoOther() {
		MockHttpSession first = login("user");
		MockHttpSession second = login("user");
		MockHttpSession third = login("user");
		MockHttpSession other = login("other");
		MockHttpSession admin = login("admin");
		this.clock.advance(Duration.ofMinutes(5));

		int ended = this.service.logout("user");

		assertThat(ended).isEqualTo(3);
		assertThat(List.of(first, second, third)).allMatch(MockHttpSession::isInvalid);
		assertThat(other.isInvalid()).isFalse();
		assertThat(admin.isInvalid()).isFalse();
		assertThat(this.service.sessions("user", null)).isEmpty();
		assertThat(this.service.users()).extracting(UserSessions::username).containsExactly("admin", "other");
	}

	@Test
	void logoutRevokesTheUserSoSessionsItCannotFindAreRefusedToo() {
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.service.logout("user")).isZero();

		assertThat(this.revocations.find("user", LOGIN)).get().extracting(Revocation::reason)
			.isEqualTo(LogoutReason.FORCED);
		assertThat(this.revocations.find("other", LOGIN)).isEmpty();
		assertThat(this.revocations.find("user", this.clock.instant())).as("a login after the logout goes on")
			.isEmpty();
	}

	@Test
	void logoutRevokesBeforeItLooksForSessions() {
		List<Optional<Revocation>> seenByIndex = new ArrayList<>();
		SessionIndex recording = new SessionIndex() {

			@Override
			public List<SessionInfo> findByUsername(String username) {
				seenByIndex.add(DefaultForceLogoutServiceTests.this.revocations.find(username, LOGIN));
				return List.of();
			}

			@Override
			public Optional<SessionInfo> findById(String sessionId) {
				return Optional.empty();
			}

			@Override
			public List<UserSessions> users() {
				return List.of();
			}

			@Override
			public boolean invalidate(String sessionId) {
				return false;
			}

		};
		this.clock.advance(Duration.ofSeconds(1));

		new DefaultForceLogoutService(recording, this.revocations, (event) -> {
		}, this.clock).logout("user");

		assertThat(seenByIndex).singleElement().satisfies((revocation) -> assertThat(revocation).isPresent());
	}

	@Test
	void logoutPublishesAnEventAndRemembersTheReasonPerEndedSession() {
		MockHttpSession first = login("user");
		MockHttpSession second = login("user");
		login("other");

		this.service.logout("user", LogoutReason.DISABLED);

		assertThat(this.events).extracting(AutoLogoutEvent::getUsername, AutoLogoutEvent::getSessionId,
				AutoLogoutEvent::getReason)
			.containsExactlyInAnyOrder(tuple("user", first.getId(), LogoutReason.DISABLED),
					tuple("user", second.getId(), LogoutReason.DISABLED));
		assertThat(this.revocations.findSession(first.getId())).contains(LogoutReason.DISABLED);
		assertThat(this.revocations.findSession(second.getId())).contains(LogoutReason.DISABLED);
	}

	@Test
	void logoutOfASessionWhoseEndWasRecordedFirstElsewhereEndsItWithoutASecondEvent() {
		MockHttpSession idle = login("user");
		MockHttpSession live = login("user");
		this.revocations.revokeSession(idle.getId(), LogoutReason.IDLE);

		assertThat(this.service.logout("user")).isEqualTo(1);

		assertThat(idle.isInvalid()).isTrue();
		assertThat(live.isInvalid()).isTrue();
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactly(live.getId());
		assertThat(this.revocations.findSession(idle.getId())).contains(LogoutReason.IDLE);
	}

	@Test
	void logoutPublishesTheEventOfASessionWhoseEndItRecordedThoughARequestOfItDeletedItFirst() {
		MockHttpSession deletedByItsRequest = login("user");
		MockHttpSession other = login("user");
		this.clock.advance(Duration.ofSeconds(1));

		int ended = serviceWhoseDeletionMisses(deletedByItsRequest.getId()).logout("user");

		assertThat(ended).isEqualTo(2);
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId)
			.containsExactlyInAnyOrder(deletedByItsRequest.getId(), other.getId());
	}

	@Test
	void logoutCountsASessionThatARequestOfItEndedFirstButPublishesNoSecondEvent() {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));
		// as the session's request in flight does when it sees the user's revocation first
		this.revocations.revokeSession(session.getId(), LogoutReason.FORCED);

		assertThat(this.service.logout("user")).isEqualTo(1);

		assertThat(this.events).isEmpty();
	}

	@Test
	void logoutWhoseCountTheStoreCannotCompleteStillReturns() {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));
		this.revocations.revokeSession(session.getId(), LogoutReason.FORCED);
		RevocationRegistry unreachableAfterwards = new ForwardingRevocationRegistry(this.revocations) {

			@Override
			public Optional<LogoutReason> findSession(String sessionId) {
				throw new IllegalStateException("store unreachable");
			}

		};

		assertThat(new DefaultForceLogoutService(this.index, unreachableAfterwards, (event) -> {
		}, this.clock).logout("user")).isZero();

		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void logoutPublishesNoEventForASessionItNeitherDeletedNorRefusedWithItsUser() {
		MockHttpSession signedInAsItRevoked = login("user");

		assertThat(serviceWhoseDeletionMisses(signedInAsItRevoked.getId()).logout("user")).isZero();

		assertThat(this.events).isEmpty();
	}

	@Test
	void logoutSessionPublishesNoEventForASessionItCouldNotDelete() {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(serviceWhoseDeletionMisses(session.getId()).logoutSession(session.getId())).isFalse();

		assertThat(this.events).isEmpty();
	}

	/**
	 * A service whose index reports one session as not deleted, as Spring Session JDBC's does
	 * for a row that a request of the session deleted first.
	 */
	private DefaultForceLogoutService serviceWhoseDeletionMisses(String sessionId) {
		SessionIndex index = new SessionIndex() {

			@Override
			public List<SessionInfo> findByUsername(String username) {
				return DefaultForceLogoutServiceTests.this.index.findByUsername(username);
			}

			@Override
			public Optional<SessionInfo> findById(String id) {
				return DefaultForceLogoutServiceTests.this.index.findById(id);
			}

			@Override
			public List<UserSessions> users() {
				return DefaultForceLogoutServiceTests.this.index.users();
			}

			@Override
			public boolean invalidate(String id) {
				return DefaultForceLogoutServiceTests.this.index.invalidate(id) && !id.equals(sessionId);
			}

		};
		return new DefaultForceLogoutService(index, this.revocations, (event) -> this.events.add((AutoLogoutEvent) event),
				this.clock);
	}

	@Test
	void logoutWhenReasonIsATimeoutThenThrowsAndChangesNothing() {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofMinutes(1));

		assertThatIllegalArgumentException().isThrownBy(() -> this.service.logout("user", LogoutReason.IDLE));

		assertThat(session.isInvalid()).isFalse();
		assertThat(this.revocations.find("user", LOGIN)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "\n" })
	void logoutWhenUsernameBlankThenEndsAndRecordsNothing(String username) {
		MockHttpSession session = login("user");
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logout(username)).isZero();
		assertThat(this.service.logoutOtherSessions(username, session.getId())).isZero();

		assertThat(session.isInvalid()).isFalse();
		assertThat(this.revocations.find(username, LOGIN)).isEmpty();
		assertThat(this.revocations.size()).isZero();
		assertThat(this.events).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "nobody", "*", "%", "user%", "us_r", "user*", "u:ser", "user:", " user", "user ",
			"USER", "üser", "用户", "user\u0000", "user\nother", "../user" })
	void logoutWhenUsernameUnknownOrOddThenEndsNothingAndTouchesNoOtherUser(String username) {
		MockHttpSession user = login("user");
		MockHttpSession other = login("other");
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logout(username)).isZero();
		assertThat(this.service.sessions(username, null)).isEmpty();

		assertThat(user.isInvalid()).isFalse();
		assertThat(other.isInvalid()).isFalse();
		assertThat(this.revocations.find("user", LOGIN)).isEmpty();
		assertThat(this.revocations.find("other", LOGIN)).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void logoutWhenUsernameVeryLongThenEndsNothing() {
		MockHttpSession user = login("user");
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logout("user".repeat(100_000))).isZero();

		assertThat(user.isInvalid()).isFalse();
		assertThat(this.revocations.find("user", LOGIN)).isEmpty();
	}

	@Test
	void logoutRemovesPersistentRememberMeTokensOfTheUserOnly() {
		MapTokenRepository tokens = new MapTokenRepository();
		tokens.createNewToken(new PersistentRememberMeToken("user", "series-1", "value", new Date()));
		tokens.createNewToken(new PersistentRememberMeToken("other", "series-2", "value", new Date()));
		this.service.setPersistentTokenRepositories(List.of(tokens));

		this.service.logout("user");

		assertThat(tokens.getTokenForSeries("series-1")).isNull();
		assertThat(tokens.getTokenForSeries("series-2")).isNotNull();
	}

	@Test
	void logoutStopsTrackingTheEndedSessions() {
		InMemorySessionTracker tracker = new InMemorySessionTracker();
		MockHttpSession user = login("user");
		MockHttpSession other = login("other");
		tracker.track(new TrackedSession(user.getId(), "user", LOGIN.plus(Duration.ofHours(1))));
		tracker.track(new TrackedSession(other.getId(), "other", LOGIN.plus(Duration.ofHours(1))));
		this.service.setSessionTracker(tracker);

		this.service.logout("user");

		assertThat(tracker.usernames()).containsExactly("other");
	}

	@Test
	void logoutSessionEndsOnlyThatSession() {
		MockHttpSession first = login("user");
		MockHttpSession second = login("user");

		assertThat(this.service.logoutSession(first.getId())).isTrue();

		assertThat(first.isInvalid()).isTrue();
		assertThat(second.isInvalid()).isFalse();
		assertThat(this.revocations.findSession(first.getId())).contains(LogoutReason.FORCED);
		assertThat(this.events).singleElement().extracting(AutoLogoutEvent::getSessionId).isEqualTo(first.getId());
		assertThat(this.service.logoutSession(first.getId())).isFalse();
		assertThat(this.service.logoutSession("unknown")).isFalse();
		assertThat(this.service.logoutSession("")).isFalse();
	}

	@Test
	void logoutSessionForTheUsersOwnReasonRecordsThatReason() {
		MockHttpSession session = login("user");

		assertThat(this.service.logoutSession(session.getId(), LogoutReason.ENDED_BY_USER)).isTrue();

		assertThat(session.isInvalid()).isTrue();
		assertThat(this.revocations.findSession(session.getId())).contains(LogoutReason.ENDED_BY_USER);
		assertThat(this.events).extracting(AutoLogoutEvent::getReason).containsExactly(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void logoutSessionWhenReasonIsATimeoutThenThrowsAndChangesNothing() {
		MockHttpSession session = login("user");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.service.logoutSession(session.getId(), LogoutReason.ABSOLUTE));

		assertThat(session.isInvalid()).isFalse();
		assertThat(this.revocations.findSession(session.getId())).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void logoutOtherSessionsTellsThemByDefaultThatTheUserEndedThem() {
		MockHttpSession other = login("user");
		this.clock.advance(Duration.ofMinutes(1));
		MockHttpSession current = login("user");

		assertThat(this.service.logoutOtherSessions("user", current.getId())).isEqualTo(1);

		assertThat(other.isInvalid()).isTrue();
		assertThat(this.revocations.findSession(other.getId())).contains(LogoutReason.ENDED_BY_USER);
		assertThat(this.revocations.find("user", LOGIN)).get()
			.extracting(Revocation::reason)
			.isEqualTo(LogoutReason.ENDED_BY_USER);
		assertThat(this.events).extracting(AutoLogoutEvent::getReason).containsExactly(LogoutReason.ENDED_BY_USER);
	}

	@Test
	void logoutOtherSessionsKeepsTheCurrentOne() {
		MockHttpSession older = login("user");
		this.clock.advance(Duration.ofMinutes(1));
		MockHttpSession current = login("user");
		this.clock.advance(Duration.ofMinutes(1));
		MockHttpSession newer = login("user");
		MockHttpSession other = login("other");
		this.clock.advance(Duration.ofMinutes(1));

		int ended = this.service.logoutOtherSessions("user", current.getId(), LogoutReason.CREDENTIALS_CHANGED);

		assertThat(ended).isEqualTo(2);
		assertThat(older.isInvalid()).isTrue();
		assertThat(newer.isInvalid()).isTrue();
		assertThat(current.isInvalid()).isFalse();
		assertThat(other.isInvalid()).isFalse();
		Instant currentLogin = LOGIN.plus(Duration.ofMinutes(1));
		assertThat(this.revocations.find("user", currentLogin)).as("the current session goes on").isEmpty();
		assertThat(this.revocations.find("user", currentLogin.minusMillis(1))).get()
			.extracting(Revocation::reason)
			.isEqualTo(LogoutReason.CREDENTIALS_CHANGED);
		assertThat(this.revocations.find("user", currentLogin.plus(Duration.ofMinutes(1))))
			.as("a device that signed in after the current session, as its remember-me cookie would")
			.isPresent();
		assertThat(this.revocations.find("user", this.clock.instant())).as("a login after the call").isEmpty();
		assertThat(this.events).extracting(AutoLogoutEvent::getReason)
			.containsOnly(LogoutReason.CREDENTIALS_CHANGED);
	}

	@Test
	void logoutOtherSessionsWhoseCurrentSessionHasNoTimesYetRevokesFromItsCreation() {
		MockHttpSession older = login("user");
		this.clock.advance(Duration.ofMinutes(1));
		Instant created = this.clock.instant();
		MockHttpSession current = authenticate(createdNow(), "user");
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logoutOtherSessions("user", current.getId(), LogoutReason.FORCED)).isEqualTo(1);

		assertThat(older.isInvalid()).isTrue();
		assertThat(current.isInvalid()).isFalse();
		assertThat(this.revocations.find("user", created.minusMillis(1))).as("what authenticated before it")
			.isPresent();
		assertThat(this.revocations.find("user", created)).as("the current session").isEmpty();
		assertThat(this.revocations.find("user", created.plusMillis(1))).as("what authenticated after it")
			.isPresent();
	}

	@Test
	void logoutOtherSessionsWhenCurrentSessionIsAnotherUsersThenEndsAllOfTheUser() {
		MockHttpSession user = login("user");
		MockHttpSession other = login("other");
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logoutOtherSessions("user", other.getId())).isEqualTo(1);

		assertThat(user.isInvalid()).isTrue();
		assertThat(other.isInvalid()).isFalse();
		assertThat(this.revocations.find("user", LOGIN)).isPresent();
		assertThat(this.revocations.find("other", LOGIN)).isEmpty();
	}

	@Test
	void logoutEveryoneEndsAllSessionsAndRevokesEveryone() {
		List<MockHttpSession> sessions = List.of(login("user"), login("user"), login("other"), login("admin"));
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.service.logoutEveryone()).isEqualTo(4);

		assertThat(sessions).allMatch(MockHttpSession::isInvalid);
		assertThat(this.revocations.find("someone-not-indexed", LOGIN)).isPresent();
		assertThat(this.revocations.find("user", this.clock.instant())).isEmpty();
		assertThat(this.events).hasSize(4);
		assertThat(this.service.users()).isEmpty();
	}

	@Test
	void sessionsMarksTheCurrentOneAndListsItFirst() {
		MockHttpSession first = login("user");
		times(first, LOGIN, LOGIN.plusSeconds(50));
		MockHttpSession current = login("user");
		times(current, LOGIN, LOGIN.plusSeconds(10));
		MockHttpSession third = login("user");
		times(third, LOGIN, LOGIN.plusSeconds(90));

		List<SessionInfo> sessions = this.service.sessions("user", current.getId());

		assertThat(sessions).extracting(SessionInfo::id).containsExactly(current.getId(), third.getId(),
				first.getId());
		assertThat(sessions).extracting(SessionInfo::current).containsExactly(true, false, false);
		assertThat(this.service.sessions("user", null)).noneMatch(SessionInfo::current);
	}

	private MockHttpSession login(String username) {
		MockHttpSession session = new MockHttpSession();
		times(session, this.clock.instant(), this.clock.instant());
		return authenticate(session, username);
	}

	private MockHttpSession authenticate(MockHttpSession session, String username) {
		SecurityContextImpl context = new SecurityContextImpl(UsernamePasswordAuthenticationToken
			.authenticated(username, null, AuthorityUtils.createAuthorityList("ROLE_USER")));
		this.index.authenticated(session, context.getAuthentication());
		session.setAttribute(KEY, context);
		return session;
	}

	/** A session created now, by the test's clock, that has no times yet. */
	private MockHttpSession createdNow() {
		long created = this.clock.millis();
		return new MockHttpSession() {

			@Override
			public long getCreationTime() {
				return created;
			}

		};
	}

	private static void times(MockHttpSession session, Instant authenticatedAt, Instant lastActivity) {
		SessionTimesAttributes.write(session::setAttribute, SessionTimes.of(authenticatedAt, lastActivity));
	}

}

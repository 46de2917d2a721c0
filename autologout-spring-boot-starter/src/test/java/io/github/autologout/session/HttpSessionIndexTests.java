package io.github.autologout.session;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.expiry.StoredSession;
import io.github.autologout.security.ClientDetails;
import io.github.autologout.security.SessionTimesAttributes;
import jakarta.servlet.http.HttpSessionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

class HttpSessionIndexTests {

	private static final String KEY = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private final HttpSessionIndex index = new HttpSessionIndex();

	@Test
	void findByUsernameWhenContextStoredThenFindsSession() {
		MockHttpSession session = login("user");

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id).containsExactly(session.getId());
		assertThat(this.index.findById(session.getId())).get().extracting(SessionInfo::username).isEqualTo("user");
	}

	@Test
	void findByUsernameMatchesTheNameNotThePrincipalObject() {
		MockHttpSession first = new MockHttpSession();
		store(first, new UsernamePasswordAuthenticationToken(
				User.withUsername("user").password("x").authorities("A").build(), null,
				AuthorityUtils.createAuthorityList("A")));
		MockHttpSession second = new MockHttpSession();
		store(second, new UsernamePasswordAuthenticationToken(
				User.withUsername("user").password("y").authorities("B").build(), null,
				AuthorityUtils.createAuthorityList("B")));

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id)
			.containsExactlyInAnyOrder(first.getId(), second.getId());
		assertThat(this.index.findByUsername("USER")).isEmpty();
		assertThat(this.index.findByUsername("user ")).isEmpty();
		assertThat(this.index.findByUsername("us*")).isEmpty();
	}

	@Test
	void findByUsernameWhenContextIsAnonymousOrUnauthenticatedThenFindsNothing() {
		store(new MockHttpSession(), new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		store(new MockHttpSession(), new TestingAuthenticationToken("user", "password"));
		store(new MockHttpSession(), null);

		assertThat(this.index.findByUsername("anonymousUser")).isEmpty();
		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.users()).isEmpty();
	}

	@Test
	void findByUsernameWhenSessionIdChangedAfterLoginThenFindsItUnderTheNewId() {
		MockHttpSession session = login("user");
		String oldId = session.getId();

		String newId = session.changeSessionId();

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id).containsExactly(newId);
		assertThat(this.index.findById(oldId)).isEmpty();
		assertThat(this.index.findById(newId)).isPresent();
		assertThat(this.index.users()).singleElement().extracting(UserSessions::sessions).isEqualTo(1);
	}

	@Test
	void findUnderTheIdASessionWasTrackedWithFindsItWithItsCurrentIdAfterTheIdChanged() {
		InMemorySessionTracker tracker = new InMemorySessionTracker();
		this.index.setSessionTracker(tracker);
		MockHttpSession session = login("user");
		String trackedId = session.getId();
		tracker.track(new TrackedSession(trackedId, "user", Instant.parse("2026-01-05T08:30:00Z")));
		String newId = session.changeSessionId();
		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id).containsExactly(newId);

		assertThat(this.index.find(trackedId)).get().extracting(StoredSession::id).isEqualTo(newId);
		assertThat(this.index.find(newId)).get().extracting(StoredSession::id).isEqualTo(newId);

		this.index.sessionDestroyed(new HttpSessionEvent(session));
		assertThat(tracker.sessionIds("user")).isEmpty();
		assertThat(this.index.find(trackedId)).isEmpty();
		assertThat(this.index.findByUsername("user")).isEmpty();
	}

	@Test
	void findByUsernameWhenSessionDestroyedThenFindsNothing() {
		MockHttpSession session = login("user");

		this.index.sessionDestroyed(new HttpSessionEvent(session));

		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.users()).isEmpty();
	}

	@Test
	void sessionDestroyedWhenTrackerSetThenOnlyThatSessionIsUntracked() {
		InMemorySessionTracker tracker = new InMemorySessionTracker();
		this.index.setSessionTracker(tracker);
		MockHttpSession destroyed = login("user");
		MockHttpSession kept = login("user");
		Instant deadline = Instant.parse("2026-01-05T08:30:00Z");
		tracker.track(new TrackedSession(destroyed.getId(), "user", deadline));
		tracker.track(new TrackedSession(kept.getId(), "user", deadline));

		this.index.sessionDestroyed(new HttpSessionEvent(destroyed));

		assertThat(tracker.sessionIds("user")).containsExactly(kept.getId());
	}

	@Test
	void sessionDestroyedAfterALoginAgainChangedItsIdThenItIsUntrackedUnderBothIds() {
		InMemorySessionTracker tracker = new InMemorySessionTracker();
		this.index.setSessionTracker(tracker);
		MockHttpSession session = login("user");
		String firstId = session.getId();
		Instant deadline = Instant.parse("2026-01-05T08:30:00Z");
		tracker.track(new TrackedSession(firstId, "user", deadline));
		session.changeSessionId();
		store(session, authenticated("user"));
		tracker.track(new TrackedSession(session.getId(), "user", deadline));
		MockHttpSession kept = login("user");
		tracker.track(new TrackedSession(kept.getId(), "user", deadline));

		this.index.sessionDestroyed(new HttpSessionEvent(session));

		assertThat(tracker.sessionIds("user")).containsExactly(kept.getId());
		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id).containsExactly(kept.getId());
		assertThat(this.index.findById(firstId)).isEmpty();
	}

	@Test
	void sessionDestroyedAfterTheIndexLetItGoThenItIsUntrackedUnderTheUserOfItsContext() {
		InMemorySessionTracker tracker = new InMemorySessionTracker();
		this.index.setSessionTracker(tracker);
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(KEY, context(authenticated("user")));
		tracker.track(new TrackedSession(session.getId(), "user", Instant.parse("2026-01-05T08:30:00Z")));

		this.index.sessionDestroyed(new HttpSessionEvent(session));

		assertThat(tracker.sessionIds("user")).isEmpty();
	}

	@Test
	void sessionDestroyedWhenTheTrackerFailsThenTheSessionStillLeavesTheIndex() {
		SessionTracker tracker = mock(SessionTracker.class);
		willThrow(new IllegalStateException("store down")).given(tracker).untrack(any(), any());
		this.index.setSessionTracker(tracker);
		MockHttpSession session = login("user");

		this.index.sessionDestroyed(new HttpSessionEvent(session));

		then(tracker).should().untrack("user", Set.of(session.getId()));
		assertThat(this.index.findByUsername("user")).isEmpty();
	}

	@Test
	void findByUsernameWhenContextRemovedWithoutInvalidatingTheSessionThenFindsNothing() {
		MockHttpSession session = login("user");

		session.removeAttribute(KEY);

		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.findById(session.getId())).isEmpty();
		assertThat(this.index.users()).isEmpty();
	}

	@Test
	void findByUsernameWhenAnotherUserSignsInInTheSameSessionThenSessionMoves() {
		MockHttpSession session = login("user");
		String userSessionId = session.getId();

		// a new login changes the id (session fixation protection), then saves the new context
		String otherSessionId = session.changeSessionId();
		store(session, authenticated("other"));

		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.findById(userSessionId)).isEmpty();
		assertThat(this.index.findByUsername("other")).extracting(SessionInfo::id).containsExactly(otherSessionId);
		assertThat(this.index.users()).extracting(UserSessions::username).containsExactly("other");
	}

	@Test
	void findByUsernameWhenAnotherUsersContextIsSavedWithoutALoginThenListsTheSessionForNeither() {
		MockHttpSession session = login("user");

		session.setAttribute(KEY, context(authenticated("other")));

		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.findByUsername("other")).isEmpty();
	}

	@Test
	void findByUsernameFindsAContextUnderAnApplicationsOwnAttributeName() {
		MockHttpSession session = new MockHttpSession();
		Authentication authentication = authenticated("user");
		session.setAttribute("APP_SECURITY_CONTEXT", context(authentication));
		this.index.authenticated(session, authentication);

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id).containsExactly(session.getId());
	}

	@Test
	void findByUsernameWhenSessionInvalidatedWithoutEventThenDropsIt() {
		MockHttpSession session = login("user");

		session.invalidate();

		assertThat(this.index.findByUsername("user")).isEmpty();
		assertThat(this.index.invalidate(session.getId())).isFalse();
	}

	@Test
	void invalidateWhenSessionLiveThenInvalidatesItOnce() {
		MockHttpSession session = login("user");
		MockHttpSession other = login("other");

		assertThat(this.index.invalidate(session.getId())).isTrue();

		assertThat(session.isInvalid()).isTrue();
		assertThat(other.isInvalid()).isFalse();
		assertThat(this.index.invalidate(session.getId())).isFalse();
		assertThat(this.index.invalidate("unknown")).isFalse();
	}

	@Test
	void findByIdReadsTimesAndClientDetailsFromAttributes() {
		MockHttpSession session = login("user");
		SessionTimesAttributes.write(session::setAttribute, SessionTimes.of(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(5000)));
		session.setAttribute(ClientDetails.ATTRIBUTE, "203.0.113.7\nFirefox");

		SessionInfo info = this.index.findById(session.getId()).orElseThrow();

		assertThat(info.authenticatedAt()).isEqualTo(Instant.ofEpochMilli(1000));
		assertThat(info.lastActivity()).isEqualTo(Instant.ofEpochMilli(5000));
		assertThat(info.createdAt()).isEqualTo(Instant.ofEpochMilli(session.getCreationTime()));
		assertThat(info.clientAddress()).isEqualTo("203.0.113.7");
		assertThat(info.userAgent()).isEqualTo("Firefox");
		assertThat(info.current()).isFalse();
	}

	@Test
	void findByIdWhenTimesUnreadableThenLeavesThemOut() {
		MockHttpSession session = login("user");
		session.setAttribute(SessionTimesAttributes.NAME, "not a number");

		SessionInfo info = this.index.findById(session.getId()).orElseThrow();

		assertThat(info.authenticatedAt()).isNull();
		assertThat(info.lastActivity()).isNull();
		assertThat(info.clientAddress()).isNull();
	}

	@Test
	void usersCountsSessionsAndTakesTheLatestActivity() {
		MockHttpSession first = login("user");
		SessionTimesAttributes.write(first::setAttribute, SessionTimes.of(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000)));
		MockHttpSession second = login("user");
		SessionTimesAttributes.write(second::setAttribute, SessionTimes.of(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(9000)));
		login("other");

		List<UserSessions> users = this.index.users();

		assertThat(users).containsExactlyInAnyOrder(new UserSessions("user", 2, Instant.ofEpochMilli(9000)),
				new UserSessions("other", 1, null));
	}

	@Test
	void sessionInfoReferenceHidesTheIdAndIsStable() {
		SessionInfo info = SessionInfo.of("ABCDEF0123456789", "user", Instant.EPOCH, (name) -> null);

		assertThat(info.reference()).hasSize(22)
			.doesNotContain("ABCDEF")
			.isEqualTo(SessionInfo.of("ABCDEF0123456789", "other", Instant.EPOCH, (name) -> null).reference())
			.isNotEqualTo(SessionInfo.of("ABCDEF012345678A", "user", Instant.EPOCH, (name) -> null).reference());
		assertThat(info.toString()).doesNotContain("ABCDEF0123456789").contains(info.reference());
	}

	@Test
	void sessionTimesAttributesReadFromAnyStore() {
		MockHttpSession session = new MockHttpSession();
		// one String: the epoch millis of the login and the millis to the last activity, in base 36
		session.setAttribute("autologout", "rs:1jk");

		assertThat(SessionTimesAttributes.read(session::getAttribute)).isEqualTo(SessionTimes.of(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(3000)));
		SessionTimesAttributes.write(session::setAttribute,
				SessionTimes.of(Instant.ofEpochMilli(1767600000000L), Instant.ofEpochMilli(1767643200000L)));
		assertThat(session.getAttribute("autologout")).isEqualTo("mk0vegw0:ppxc0");
	}

	private MockHttpSession login(String username) {
		MockHttpSession session = new MockHttpSession();
		store(session, authenticated(username));
		return session;
	}

	private void store(MockHttpSession session, Authentication authentication) {
		// as at a login: the session strategy tells the index, then the context is saved
		this.index.authenticated(session, authentication);
		session.setAttribute(KEY, context(authentication));
	}

	private static Authentication authenticated(String username) {
		return UsernamePasswordAuthenticationToken.authenticated(username, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
	}

	private static SecurityContext context(Authentication authentication) {
		return new SecurityContextImpl(authentication);
	}

}

package io.github.autologout.expiry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link SpringSessionLookup}'s reader of a user's sessions, over a mocked repository
 * that counts its calls (its answers on a real store: {@code SpringSessionLookupJdbcTests}).
 */
class SpringSessionLookupTests {

	@SuppressWarnings("unchecked")
	private final FindByIndexNameSessionRepository<MapSession> repository = mock(
			FindByIndexNameSessionRepository.class);

	private final SpringSessionLookup<MapSession> lookup = new SpringSessionLookup<>(this.repository);

	private static MapSession session(String id, String username) {
		MapSession session = new MapSession(id);
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(username, null,
						AuthorityUtils.createAuthorityList("ROLE_USER"))));
		return session;
	}

	private static Optional<String> username(Optional<StoredSession> session) {
		return session.map((stored) -> stored.authentication().getName());
	}

	@Test
	void aUsersSessionsAreReadWithOneFindByPrincipalNameWhereEnabled() {
		this.lookup.setReadUsersAtOnce(true);
		given(this.repository.findByPrincipalName("ada"))
			.willReturn(Map.of("s1", session("s1", "ada"), "s2", session("s2", "ada"), "s3", session("s3", "ada")));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of("s1", "s2", "s3"));

		assertThat(List.of("s1", "s2", "s3")).allSatisfy((id) -> assertThat(username(reader.apply(id))).contains("ada"));
		then(this.repository).should().findByPrincipalName("ada");
		then(this.repository).should(never()).findById(anyString());
	}

	@Test
	void aSessionTheUsersSessionsLackIsReadById() {
		this.lookup.setReadUsersAtOnce(true);
		given(this.repository.findByPrincipalName("ada")).willReturn(Map.of("s1", session("s1", "ada")));
		given(this.repository.findById("s2")).willReturn(session("s2", "bob"));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of("s1", "s2", "s3"));

		assertThat(username(reader.apply("s2"))).contains("bob");
		assertThat(reader.apply("s3")).isEmpty();
		then(this.repository).should().findById("s2");
		then(this.repository).should().findById("s3");
	}

	@Test
	void anExpiredSessionAmongTheUsersSessionsHasEnded() {
		this.lookup.setReadUsersAtOnce(true);
		MapSession expired = session("s2", "ada");
		expired.setLastAccessedTime(expired.getLastAccessedTime().minus(expired.getMaxInactiveInterval()).minusSeconds(1));
		given(this.repository.findByPrincipalName("ada")).willReturn(Map.of("s1", session("s1", "ada"), "s2", expired));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of("s1", "s2"));

		assertThat(reader.apply("s2")).isEmpty();
		then(this.repository).should(never()).findById(anyString());
	}

	@Test
	void sessionsAreReadOneByOneUnlessEnabled() {
		given(this.repository.findById("s1")).willReturn(session("s1", "ada"));

		assertThat(username(this.lookup.readerOf("ada", List.of("s1", "s2")).apply("s1"))).contains("ada");

		then(this.repository).should(never()).findByPrincipalName(anyString());
	}

	/** A guarded findById does not find such a session, which the expiry pass must still end. */
	@Test
	void aUsersSingleSessionIsReadWithTheUsersSessionsSoThatOneWhoseContextCannotBeReadIsFound() {
		this.lookup.setReadUsersAtOnce(true);
		MapSession unreadable = mock();
		given(unreadable.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY))
			.willThrow(new IllegalStateException("Cannot deserialize"));
		given(this.repository.findByPrincipalName("ada")).willReturn(Map.of("s1", unreadable));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of("s1"));

		assertThatExceptionOfType(UnreadableSessionException.class).isThrownBy(() -> reader.apply("s1"));
		then(this.repository).should(never()).findById(anyString());
	}

	@Test
	void aUserWithMoreSessionsThanAreReadAtOnceIsReadOneSessionAtATime() {
		this.lookup.setReadUsersAtOnce(true);
		List<String> ids = IntStream.rangeClosed(0, SpringSessionLookup.MAX_READ_AT_ONCE)
			.mapToObj((i) -> "s" + i)
			.toList();
		given(this.repository.findById("s0")).willReturn(session("s0", "ada"));

		assertThat(username(this.lookup.readerOf("ada", ids).apply("s0"))).contains("ada");

		then(this.repository).should(never()).findByPrincipalName(anyString());
	}

}

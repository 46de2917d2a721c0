package io.github.autologout.redis;

import org.junit.jupiter.api.Test;

import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository.RedisSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link RedisKeySafeSessionRepository}.
 */
class RedisKeySafeSessionRepositoryTests {

	private static final String ID = "6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33";

	private final RedisIndexedSessionRepository repository = mock();

	private final RedisIndexedSessionRepository keySafe = RedisKeySafeSessionRepository.keySafe(this.repository);

	@Test
	void idsThatWouldNameAnotherKeyThanASessionsAreNeitherReadNorDeleted() {
		assertThat(this.keySafe.findById("expires:" + ID)).isNull();
		assertThat(this.keySafe.findById("expirations")).isNull();
		this.keySafe.deleteById("expires:" + ID);
		this.keySafe.deleteById("expirations");

		verifyNoMoreInteractions(this.repository);
	}

	@Test
	void sessionIdsAreReadAndDeleted() {
		RedisSession session = mock();
		given(this.repository.findById(ID)).willReturn(session);

		assertThat(this.keySafe.findById(ID)).isSameAs(session);
		this.keySafe.deleteById(ID);

		verify(this.repository).deleteById(ID);
	}

	@Test
	void everyOtherCallReachesTheRepository() {
		this.keySafe.cleanUpExpiredSessions();

		verify(this.repository).cleanUpExpiredSessions();
	}

	@Test
	void theRepositoryCanStillBeInjectedByItsOwnClass() {
		assertThat(this.keySafe).isInstanceOf(RedisIndexedSessionRepository.class);
	}

}

package io.github.autologout.redis;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.data.redis.RedisSessionMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisSessionKeys}.
 */
class RedisSessionKeysTests {

	private static final String ID = "6f1c9a0e-8d3b-4c52-9a57-0b4f2e1d7c33";

	@Test
	void idsOfSpringSessionNameOnlyASession() {
		assertThat(RedisSessionKeys.namesOnlyASession(ID)).isTrue();
	}

	@Test
	void idsThatNameTheIndexedRepositorysOtherKeysDoNot() {
		assertThat(RedisSessionKeys.namesOnlyASession("expires:" + ID)).isFalse();
		assertThat(RedisSessionKeys.namesOnlyASession("expirations")).isFalse();
		assertThat(RedisSessionKeys.namesOnlyASession(":")).isFalse();
	}

	@Test
	void aSessionThatCannotBeDeserializedCannotBeRead() {
		assertThat(RedisSessionKeys.isUnreadableSession(new SerializationException("Cannot deserialize"))).isTrue();
	}

	@Test
	void aSessionWhoseHashLacksAFieldThatSpringSessionRequiresCannotBeRead() {
		Map<String, Object> withoutCreationTime = Map.of("lastAccessedTime", 1L, "maxInactiveInterval", 1800);

		assertThatIllegalStateException().isThrownBy(() -> new RedisSessionMapper().apply(ID, withoutCreationTime))
			.satisfies((failure) -> assertThat(RedisSessionKeys.isUnreadableSession(failure)).isTrue());
	}

	@Test
	void aKeyThatHoldsAnotherTypeThanAHashCannotBeRead() {
		// as Spring Data Redis reports a client's exception for the error reply (the cluster tests read a real one)
		String reply = "WRONGTYPE Operation against a key holding the wrong kind of value";
		RedisSystemException wrongType = new RedisSystemException(reply, new RuntimeException(reply));

		assertThat(RedisSessionKeys.isUnreadableSession(wrongType)).isTrue();
	}

	@Test
	void otherCommandFailuresAndAWrongTypeMessageOutsideRedisDoNotTellASessionThatCannotBeRead() {
		String reply = "OOM command not allowed when used memory > 'maxmemory'.";
		RedisSystemException outOfMemory = new RedisSystemException(reply, new RuntimeException(reply));

		assertThat(RedisSessionKeys.isUnreadableSession(outOfMemory)).isFalse();
		assertThat(RedisSessionKeys.isUnreadableSession(new IllegalStateException("WRONGTYPE of something"))).isFalse();
	}

	@Test
	void otherFailuresDoNotTellASessionThatCannotBeRead() {
		assertThat(RedisSessionKeys.isUnreadableSession(new IllegalStateException("LettuceConnectionFactory was destroyed")))
			.isFalse();
		assertThat(RedisSessionKeys.isUnreadableSession(new RedisConnectionFailureException("Redis is down"))).isFalse();
	}

}

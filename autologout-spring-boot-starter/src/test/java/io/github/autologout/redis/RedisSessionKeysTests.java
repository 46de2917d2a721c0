package io.github.autologout.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}

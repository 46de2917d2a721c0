package io.github.autologout.redis;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompactSessionId}.
 */
class CompactSessionIdTests {

	@Test
	void aUuidIsKeptInSixteenBytes() {
		String id = UUID.randomUUID().toString();
		byte[] field = CompactSessionId.encode(id);
		assertThat(field).hasSize(16);
		assertThat(CompactSessionId.decode(field)).isEqualTo(id);
	}

	@Test
	void aUuidInCapitalsIsKeptAsTextToBeReadBackAsItWas() {
		String id = UUID.randomUUID().toString().toUpperCase();
		assertThat(CompactSessionId.encode(id)).isEqualTo(id.getBytes(StandardCharsets.US_ASCII));
		assertThat(CompactSessionId.decode(CompactSessionId.encode(id))).isEqualTo(id);
	}

	@Test
	void anIdOfSixteenBytesThatIsNoUuidIsMarkedSoThatItIsNotReadAsOne() {
		String id = "0123456789abcdef";
		byte[] field = CompactSessionId.encode(id);
		assertThat(field).hasSize(17);
		assertThat(CompactSessionId.decode(field)).isEqualTo(id);
	}

	@Test
	void anEmptyIdIsKeptNonEmptyAsTheUsersLastSeenFieldIsEmpty() {
		assertThat(CompactSessionId.encode("")).isNotEmpty();
		assertThat(CompactSessionId.decode(CompactSessionId.encode(""))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "s1", "0123456789abcde", "0123456789abcdefg", "名字名字名字", "a:b", "ünïcödé-sëssïön-ïd",
			"00000000-0000-0000-0000-00000000000", "1-1-1-1-1", "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e" })
	void anyOtherIdIsReadBackAsItWas(String id) {
		assertThat(CompactSessionId.decode(CompactSessionId.encode(id))).isEqualTo(id);
	}

	@Test
	void anIdOfOtherThanSixteenBytesIsKeptInItsUtf8() {
		assertThat(CompactSessionId.encode("名字")).isEqualTo("名字".getBytes(StandardCharsets.UTF_8));
	}

}

package io.github.autologout.session;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionInfo}.
 */
class SessionInfoTests {

	private static final Instant CREATED = Instant.parse("2026-12-06T10:00:00Z");

	@Test
	void writtenAsJsonAsAControllerReturnsItHasItsReferenceAndNotItsId() {
		SessionInfo session = new SessionInfo("7D3F0A9C-secret-session-id", "alice", CREATED, CREATED.plusSeconds(5),
				CREATED.plusSeconds(60), null, null, true);

		String json = JsonMapper.builder().build().writeValueAsString(session);

		assertThat(json).doesNotContain("7D3F0A9C")
			.doesNotContain("\"id\"")
			.contains("\"reference\":\"" + session.reference() + "\"")
			.contains("\"username\":\"alice\"")
			.contains("\"current\":true");
	}

	@Test
	void referenceIsTheSameForTheSameIdAndDiffersForAnother() {
		SessionInfo session = new SessionInfo("a", "alice", CREATED, null, null, null, null, false);

		assertThat(session.reference()).hasSize(22)
			.isEqualTo(session.withCurrent(true).reference())
			.isNotEqualTo(new SessionInfo("b", "alice", CREATED, null, null, null, null, false).reference());
	}

}

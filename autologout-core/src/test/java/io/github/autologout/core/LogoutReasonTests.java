package io.github.autologout.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogoutReasonTests {

	@Test
	void codesAreTheLowerCaseNames() {
		assertThat(LogoutReason.IDLE.code()).isEqualTo("idle");
		assertThat(LogoutReason.ABSOLUTE.code()).isEqualTo("absolute");
		assertThat(LogoutReason.FORCED.code()).isEqualTo("forced");
		assertThat(LogoutReason.DISABLED.code()).isEqualTo("disabled");
		assertThat(LogoutReason.CREDENTIALS_CHANGED.code()).isEqualTo("credentials_changed");
		assertThat(LogoutReason.ENDED_BY_USER.code()).isEqualTo("ended_by_user");
	}

	@ParameterizedTest
	@EnumSource(LogoutReason.class)
	void fromCodeFindsTheReasonOfEveryCode(LogoutReason reason) {
		assertThat(LogoutReason.fromCode(reason.code())).contains(reason);
	}

	@Test
	void everyReasonHasADistinctCode() {
		assertThat(LogoutReason.values()).extracting(LogoutReason::code).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "unknown", "IDLE", "Idle", "credentials-changed", " idle", "idle " })
	void fromCodeIsEmptyForAnUnknownCode(String code) {
		assertThat(LogoutReason.fromCode(code)).isEmpty();
	}

	@Test
	void fromCodeIsEmptyForNull() {
		assertThat(LogoutReason.fromCode(null)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(LogoutReason.class)
	void fromRecordedCodeFindsTheReasonOfEveryCode(LogoutReason reason) {
		assertThat(LogoutReason.fromRecordedCode(reason.code())).contains(reason);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ended_by_robot", "IDLE" })
	void fromRecordedCodeReadsACodeOfANewerVersionAsForced(String code) {
		assertThat(LogoutReason.fromRecordedCode(code)).contains(LogoutReason.FORCED);
	}

	@Test
	void fromRecordedCodeIsEmptyWhereNothingIsRecorded() {
		assertThat(LogoutReason.fromRecordedCode(null)).isEmpty();
	}

}

package io.github.autologout.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.autologout.test.MutableClock;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThrottledWarning}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThrottledWarningTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

	private final ThrottledWarning warning = new ThrottledWarning(LogFactory.getLog(ThrottledWarningTests.class),
			Duration.ofMinutes(1), this.clock);

	@Test
	void warnsAtFirstThenAtMostOnceAnIntervalWithHowOftenItHappened(CapturedOutput output) {
		this.warning.log("it happened");
		this.clock.advance(Duration.ofSeconds(59));
		this.warning.log("it happened");
		this.warning.log("it happened");
		this.clock.advance(Duration.ofSeconds(1));
		this.warning.log("it happened");

		assertThat(warnings(output)).satisfiesExactly(
				(first) -> assertThat(first).contains("WARN", "it happened (1 time(s) on this node so far"),
				(second) -> assertThat(second).contains("WARN", "it happened (4 time(s) on this node so far"));
	}

	@Test
	void warnsAgainWhenTheClockIsSetBackByMoreThanTheInterval(CapturedOutput output) {
		this.warning.log("it happened");
		this.clock.set(this.clock.instant().minus(Duration.ofMinutes(2)));
		this.warning.log("it happened");
		this.warning.log("it happened");

		assertThat(warnings(output)).hasSize(2);
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("it happened")).toList();
	}

}

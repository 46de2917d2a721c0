package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.github.autologout.core.TimeoutPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpSession;

class SessionStoreTimeoutTests {

	@ParameterizedTest(name = "[{index}] store {0} s, idle {1}, absolute {2}: {3} s")
	@CsvSource(textBlock = """
			 1800, PT30M,      PT12H,       1860
			   60, PT2M,       PT12H,       180
			   60, PT2M,       PT90S,       150
			 7200, PT30M,      PT12H,       7200
			    0, PT30M,      PT12H,       0
			   -1, PT30M,      PT12H,       -1
			   60, PT876000H,  PT876000H,   2147483647
			""")
	void sessionIsKeptInItsStoreAMinutePastTheShorterTimeoutOfItsPolicyWhereItsStoreWouldEndItSooner(
			int storeSeconds, Duration idle, Duration absolute, int expectedSeconds) {
		MockHttpSession session = new MockHttpSession();
		session.setMaxInactiveInterval(storeSeconds);

		SessionStoreTimeout.outlastPolicy(session, TimeoutPolicy.of(idle, absolute));

		assertThat(session.getMaxInactiveInterval()).isEqualTo(expectedSeconds);
	}

}

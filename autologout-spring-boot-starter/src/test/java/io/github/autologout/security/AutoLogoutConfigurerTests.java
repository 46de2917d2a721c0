package io.github.autologout.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link AutoLogoutConfigurer}'s settings; what it configures is tested through the
 * chains of the MockMvc tests.
 */
class AutoLogoutConfigurerTests {

	private final AutoLogoutConfigurer<HttpSecurity> configurer = new AutoLogoutConfigurer<>();

	@Test
	void accountCheckIntervalIsZeroToTurnTheCheckOffOrAtLeastASecondAsTheAutologoutPropertyIs() {
		assertThatNoException().isThrownBy(() -> this.configurer.accountCheckInterval(Duration.ZERO));
		assertThatNoException().isThrownBy(() -> this.configurer.accountCheckInterval(Duration.ofSeconds(1)));
		for (Duration refused : new Duration[] { Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofSeconds(-1) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.configurer.accountCheckInterval(refused))
				.withMessage("accountCheckInterval must be zero, to turn the check off, or at least a second");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.configurer.accountCheckInterval(null));
	}

}

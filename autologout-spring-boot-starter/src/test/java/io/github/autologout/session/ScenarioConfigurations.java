package io.github.autologout.session;

import java.time.Instant;

import io.github.autologout.test.MutableClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Configurations that scenarios on {@link ForceLogoutTestApplication} import as they need them;
 * kept out of that class, whose nested configurations every scenario would get.
 */
final class ScenarioConfigurations {

	private ScenarioConfigurations() {
	}

	/**
	 * The clock of a scenario, at a fixed instant until its test moves it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
		}

	}

	/**
	 * The chain of {@link ForceLogoutTestApplication#formLogin(HttpSecurity)}, after the
	 * Actuator's.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FormLoginChain {

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return ForceLogoutTestApplication.formLogin(http).build();
		}

	}

}

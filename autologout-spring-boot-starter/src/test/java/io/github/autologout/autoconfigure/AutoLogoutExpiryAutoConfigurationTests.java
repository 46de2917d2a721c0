package io.github.autologout.autoconfigure;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.github.autologout.expiry.SessionExpiryChecker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoLogoutExpiryAutoConfiguration}: the expiry checker and what it reads
 * sessions with.
 */
class AutoLogoutExpiryAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class,
				ForceLogoutAutoConfiguration.class, AutoLogoutExpiryAutoConfiguration.class));

	@Test
	void springSessionRepositoryGetsACheckerReadingADueUsersSessionsOnTheSessionExecutor() {
		this.runner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.run((context) -> assertThat(context.getBean(SessionExpiryChecker.class)).extracting("sessionExecutor")
				.isNotNull()
				.isSameAs(context.getBean("autoLogoutSessionExecutor")));
	}

	@Test
	void executorOfTheApplicationNamedAutoLogoutSessionExecutorReadsADueUsersSessions() {
		Executor own = Runnable::run;
		this.runner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.withBean("autoLogoutSessionExecutor", Executor.class, () -> own)
			.run((context) -> assertThat(context.getBean(SessionExpiryChecker.class)).extracting("sessionExecutor")
				.isSameAs(own));
	}

}

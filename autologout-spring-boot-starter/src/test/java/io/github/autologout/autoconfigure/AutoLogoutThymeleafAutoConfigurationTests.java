package io.github.autologout.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.thymeleaf.AutoLogoutDialect;
import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.security.web.csrf.CsrfToken;

class AutoLogoutThymeleafAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class,
				AutoLogoutThymeleafAutoConfiguration.class, ThymeleafAutoConfiguration.class))
		.withPropertyValues("spring.thymeleaf.check-template-location=false");

	@Test
	void servletWebApplicationWhenThymeleafPresentThenTemplateEngineHasTheDialect() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AutoLogoutDialect.class);
			assertThat(context.getBean(SpringTemplateEngine.class).getDialects())
				.contains(context.getBean(AutoLogoutDialect.class));
		});
	}

	@Test
	void autoLogoutDisabledThenNoDialect() {
		this.contextRunner.withPropertyValues("autologout.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutDialect.class));
	}

	@Test
	void thymeleafSpringMissingThenNoDialect() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SpringTemplateEngine.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutDialect.class));
	}

	@Test
	void springSecurityWebMissingThenNoDialect() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CsrfToken.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutDialect.class));
	}

	@Test
	void notAWebApplicationThenNoDialect() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AutoLogoutAutoConfiguration.class,
					AutoLogoutSecurityAutoConfiguration.class, AutoLogoutThymeleafAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutDialect.class));
	}

	@Test
	void userDefinedDialectWins() {
		this.contextRunner.withUserConfiguration(UserDialectConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AutoLogoutDialect.class);
			assertThat(context.getBean(AutoLogoutDialect.class))
				.isSameAs(context.getBean(UserDialectConfiguration.class).dialect);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDialectConfiguration {

		final AutoLogoutDialect dialect = new AutoLogoutDialect(new AutoLogoutProperties(),
				new AuthorityTimeoutPolicyResolver(TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(1)),
						Map.of()),
				new AutoLogoutRequestMatchers("/s", "/k", List.of()),
				new AutoLogoutMessages(new StaticMessageSource(), null),
				Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

		@Bean
		AutoLogoutDialect myDialect() {
			return this.dialect;
		}

	}

}

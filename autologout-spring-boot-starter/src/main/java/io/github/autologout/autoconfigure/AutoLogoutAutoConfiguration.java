package io.github.autologout.autoconfigure;

import java.time.Clock;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the parts of autologout that need no web framework: properties, messages, the revocation
 * registry and the session tracker.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration")
@Conditional(AutoLogoutAutoConfiguration.OnEnabledCondition.class)
@EnableConfigurationProperties(AutoLogoutProperties.class)
public final class AutoLogoutAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AutoLogoutMessages autoLogoutMessages(MessageSource messageSource, AutoLogoutProperties properties) {
		return new AutoLogoutMessages(messageSource, properties.getMessage());
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationRegistry autoLogoutRevocationRegistry(AutoLogoutProperties properties, ObjectProvider<Clock> clock) {
		return new InMemoryRevocationRegistry(clock.getIfUnique(Clock::systemUTC), properties.revocationRetention());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionTracker autoLogoutSessionTracker() {
		return new InMemorySessionTracker();
	}

	/**
	 * Matches unless {@code autologout.enabled} is {@code false}, as
	 * {@code @ConditionalOnBooleanProperty} on the other auto-configurations reads it, and fails
	 * start-up for a value that is neither {@code true} nor {@code false}, which they would read
	 * as {@code false}: a typo must not turn the logouts off silently.
	 */
	static final class OnEnabledCondition extends SpringBootCondition {

		private static final String NAME = "autologout.enabled";

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String value = context.getEnvironment().getProperty(NAME);
			if (value == null || "true".equalsIgnoreCase(value)) {
				return ConditionOutcome.match(NAME + " is not false");
			}
			if ("false".equalsIgnoreCase(value)) {
				return ConditionOutcome.noMatch(NAME + " is false");
			}
			throw new InvalidConfigurationPropertyValueException(NAME, value, "Must be true or false.");
		}

	}

}

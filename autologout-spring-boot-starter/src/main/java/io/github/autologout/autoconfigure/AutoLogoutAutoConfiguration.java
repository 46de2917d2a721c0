package io.github.autologout.autoconfigure;

import java.time.Clock;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.TimeoutPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the parts of autologout that need no web framework: properties, messages and the revocation
 * registry.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AutoLogoutProperties.class)
public final class AutoLogoutAutoConfiguration {

	/** Spring Security's default validity of remember-me cookies. */
	private static final java.time.Duration DEFAULT_REMEMBER_ME_VALIDITY = java.time.Duration.ofDays(14);

	@Bean
	@ConditionalOnMissingBean
	AutoLogoutMessages autoLogoutMessages(MessageSource messageSource, AutoLogoutProperties properties) {
		properties.validate();
		return new AutoLogoutMessages(messageSource, properties.getMessage());
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationRegistry autoLogoutRevocationRegistry(AutoLogoutProperties properties, ObjectProvider<Clock> clock) {
		return new InMemoryRevocationRegistry(clock.getIfUnique(Clock::systemUTC), revocationRetention(properties));
	}

	/**
	 * How long revocations must be remembered: {@code autologout.revocation-retention} if set,
	 * else the longer of the longest absolute timeout and the default remember-me validity.
	 */
	static java.time.Duration revocationRetention(AutoLogoutProperties properties) {
		java.time.Duration longest = longestAbsoluteTimeout(properties);
		java.time.Duration retention = properties.getRevocationRetention();
		if (retention == null) {
			return (longest.compareTo(DEFAULT_REMEMBER_ME_VALIDITY) >= 0) ? longest : DEFAULT_REMEMBER_ME_VALIDITY;
		}
		if (retention.compareTo(longest) < 0) {
			throw new InvalidConfigurationPropertyValueException("autologout.revocation-retention", retention,
					"Revocations must be remembered at least as long as the longest absolute timeout (" + longest
							+ ").");
		}
		return retention;
	}

	static java.time.Duration longestAbsoluteTimeout(AutoLogoutProperties properties) {
		return properties.authorityPolicies()
			.values()
			.stream()
			.map(TimeoutPolicy::absoluteTimeout)
			.reduce(properties.defaultPolicy().absoluteTimeout(), (a, b) -> (a.compareTo(b) >= 0) ? a : b);
	}

}

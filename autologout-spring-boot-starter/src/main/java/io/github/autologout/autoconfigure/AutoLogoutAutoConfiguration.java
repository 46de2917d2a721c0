package io.github.autologout.autoconfigure;

import java.time.Clock;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the parts of autologout that need no web framework: properties, messages, the revocation
 * registry and the session tracker.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
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
		return new InMemoryRevocationRegistry(clock.getIfUnique(Clock::systemUTC), properties.longestAbsoluteTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionTracker autoLogoutSessionTracker() {
		return new InMemorySessionTracker();
	}

}

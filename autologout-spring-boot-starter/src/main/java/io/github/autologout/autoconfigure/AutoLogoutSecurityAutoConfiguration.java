package io.github.autologout.autoconfigure;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.AutoLogoutConfigurer;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.security.LogoutResponder;
import io.github.autologout.security.SessionEndPolicy;
import io.github.autologout.security.TimeoutPolicyResolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * adds autologout to every {@code SecurityFilterChain} of a servlet web application.
 * <p>
 * Spring Security applies every {@code Customizer<HttpSecurity>} bean to each
 * {@link HttpSecurity} it builds, so the application's own chains and Spring Boot's default one
 * get the {@link AutoLogoutConfigurer} alike.
 */
@AutoConfiguration(after = AutoLogoutAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnClass({ HttpSecurity.class, tools.jackson.databind.json.JsonMapper.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@ConditionalOnBean(AutoLogoutMessages.class)
public final class AutoLogoutSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TimeoutPolicyResolver autoLogoutPolicyResolver(AutoLogoutProperties properties) {
		return new AuthorityTimeoutPolicyResolver(properties.defaultPolicy(), properties.authorityPolicies());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionEndPolicy autoLogoutSessionEndPolicy(TimeoutPolicyResolver policyResolver,
			RevocationRegistry revocationRegistry) {
		return new SessionEndPolicy(policyResolver, revocationRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	LogoutResponder autoLogoutResponder(AutoLogoutProperties properties, AutoLogoutMessages messages) {
		return new LogoutResponder(properties.getLoginUrl(), messages);
	}

	@Bean
	@ConditionalOnMissingBean
	AutoLogoutRequestMatchers autoLogoutRequestMatchers(AutoLogoutProperties properties) {
		return new AutoLogoutRequestMatchers(properties.getStatusPath(), properties.getKeepAlivePath(),
				properties.getPassivePaths());
	}

	@Bean
	Customizer<HttpSecurity> autoLogoutHttpSecurityCustomizer() {
		return (http) -> http.with(new AutoLogoutConfigurer<>(), Customizer.withDefaults());
	}

}

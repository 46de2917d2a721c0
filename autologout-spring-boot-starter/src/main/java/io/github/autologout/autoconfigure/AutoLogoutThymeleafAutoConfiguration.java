package io.github.autologout.autoconfigure;

import java.time.Clock;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.TimeoutPolicyResolver;
import io.github.autologout.thymeleaf.AutoLogoutDialect;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@link AutoLogoutDialect} for Thymeleaf pages of a servlet web application; Spring Boot
 * adds every dialect bean to its template engine.
 */
@AutoConfiguration(after = { AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class },
		beforeName = "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration")
@ConditionalOnClass(name = "org.thymeleaf.spring6.SpringTemplateEngine", value = CsrfToken.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean({ AutoLogoutMessages.class, TimeoutPolicyResolver.class, AutoLogoutRequestMatchers.class })
public final class AutoLogoutThymeleafAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AutoLogoutDialect autoLogoutDialect(AutoLogoutProperties properties, TimeoutPolicyResolver policyResolver,
			AutoLogoutRequestMatchers requestMatchers, AutoLogoutMessages messages, ObjectProvider<Clock> clock,
			ObjectProvider<SecurityContextHolderStrategy> securityContextHolderStrategy) {
		AutoLogoutDialect dialect = new AutoLogoutDialect(properties, policyResolver, requestMatchers, messages,
				clock.getIfUnique(Clock::systemUTC));
		securityContextHolderStrategy.ifUnique(dialect::setSecurityContextHolderStrategy);
		return dialect;
	}

}

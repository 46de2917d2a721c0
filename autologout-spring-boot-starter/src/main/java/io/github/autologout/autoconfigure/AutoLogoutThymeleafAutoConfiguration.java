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
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

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

	/**
	 * Serves the script that the dialect's tag loads, and its source map, whatever
	 * {@code spring.web.resources.add-mappings} says, with {@code Cache-Control: no-cache} and
	 * its {@code Last-Modified}: a page then revalidates it (a {@code 304}) where Spring
	 * Security's default headers, which it leaves out when the response has its own, forbid
	 * storing it and each page downloaded it again.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class ScriptResourcesConfiguration {

		@Bean
		WebMvcConfigurer autoLogoutScriptResources() {
			return new ScriptResources();
		}

	}

	private static final class ScriptResources implements WebMvcConfigurer {

		@Override
		public void addResourceHandlers(ResourceHandlerRegistry registry) {
			String path = AutoLogoutDialect.SCRIPT_PATH;
			String directory = path.substring(0, path.lastIndexOf('/') + 1);
			// a pattern, since a resource is looked up by the part of the path that the pattern leaves
			registry.addResourceHandler(directory + "*.js", directory + "*.js.map")
				.addResourceLocations("classpath:/META-INF/resources" + directory)
				.setCacheControl(CacheControl.noCache());
		}

	}

}

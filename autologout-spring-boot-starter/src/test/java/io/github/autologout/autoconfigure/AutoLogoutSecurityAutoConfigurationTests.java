package io.github.autologout.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AutoLogoutConfigurer;
import io.github.autologout.security.AutoLogoutFilter;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.LogoutResponder;
import io.github.autologout.security.TimeoutPolicyResolver;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Tests for {@link AutoLogoutSecurityAutoConfiguration}: when it adds autologout to the security
 * filter chains and how its beans back off.
 */
class AutoLogoutSecurityAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			MessageSourceAutoConfiguration.class, SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
			AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void securityBeansAreDefinedByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(TimeoutPolicyResolver.class)
			.hasSingleBean(LogoutResponder.class)
			.hasSingleBean(AutoLogoutRequestMatchers.class)
			.hasBean("autoLogoutHttpSecurityCustomizer"));
	}

	@Test
	void defaultSecurityFilterChainGetsOneAutoLogoutFilter() {
		this.runner.run((context) -> assertThat(autoLogoutFilters(context)).hasSize(1));
	}

	@Test
	void policyResolverBacksOffWhenTheApplicationDefinesOne() {
		this.runner.withUserConfiguration(UserPolicyResolverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TimeoutPolicyResolver.class);
			assertThat(context.getBean(TimeoutPolicyResolver.class))
				.isSameAs(context.getBean(UserPolicyResolverConfiguration.class).resolver);
		});
	}

	@Test
	void responderBacksOffWhenTheApplicationDefinesOne() {
		this.runner.withUserConfiguration(UserResponderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LogoutResponder.class);
			assertThat(context.getBean(LogoutResponder.class))
				.isSameAs(context.getBean(UserResponderConfiguration.class).responder);
		});
	}

	@Test
	void requestMatchersBackOffWhenTheApplicationDefinesThem() {
		this.runner.withUserConfiguration(UserRequestMatchersConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AutoLogoutRequestMatchers.class);
			assertThat(context.getBean(AutoLogoutRequestMatchers.class))
				.isSameAs(context.getBean(UserRequestMatchersConfiguration.class).matchers);
		});
	}

	@Test
	void enabledFalseRemovesTheBeansAndTheFilter() {
		this.runner.withPropertyValues("autologout.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(AutoLogoutMessages.class)
				.doesNotHaveBean(RevocationRegistry.class)
				.doesNotHaveBean(TimeoutPolicyResolver.class)
				.doesNotHaveBean(LogoutResponder.class)
				.doesNotHaveBean(AutoLogoutRequestMatchers.class)
				.doesNotHaveBean("autoLogoutHttpSecurityCustomizer");
			assertThat(autoLogoutFilters(context)).isEmpty();
		});
	}

	@Test
	void enabledFalseRemovesTheFilterEvenWhenTheApplicationDefinesItsOwnMessages() {
		this.runner.withUserConfiguration(UserMessagesConfiguration.class)
			.withPropertyValues("autologout.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(TimeoutPolicyResolver.class)
					.doesNotHaveBean("autoLogoutHttpSecurityCustomizer");
				assertThat(autoLogoutFilters(context)).isEmpty();
			});
	}

	@Test
	void withoutSpringSecurityTheContextStartsWithoutSecurityBeans() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AutoLogoutMessages.class)
				.hasSingleBean(RevocationRegistry.class)
				.doesNotHaveBean(TimeoutPolicyResolver.class)
				.doesNotHaveBean(LogoutResponder.class)
				.doesNotHaveBean("autoLogoutHttpSecurityCustomizer"));
	}

	@Test
	void withoutThymeleafTheContextStartsWithTheFilter() {
		this.runner.withClassLoader(new FilteredClassLoader("org.thymeleaf")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TimeoutPolicyResolver.class);
			assertThat(autoLogoutFilters(context)).hasSize(1);
		});
	}

	@Test
	void nonWebApplicationGetsNoSecurityBeans() {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AutoLogoutMessages.class)
				.doesNotHaveBean(TimeoutPolicyResolver.class)
				.doesNotHaveBean(LogoutResponder.class)
				.doesNotHaveBean(AutoLogoutRequestMatchers.class)
				.doesNotHaveBean("autoLogoutHttpSecurityCustomizer"));
	}

	@Test
	void policyResolverUsesThePoliciesOfTheProperties() {
		this.runner
			.withPropertyValues("autologout.idle-timeout=20m", "autologout.policies[0].authority=ROLE_ADMIN",
					"autologout.policies[0].idle-timeout=5m")
			.run((context) -> {
				TimeoutPolicyResolver resolver = context.getBean(TimeoutPolicyResolver.class);
				assertThat(resolver.resolve(new TestingAuthenticationToken("admin", "admin", "ROLE_USER", "ROLE_ADMIN"))
					.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(resolver.resolve(new TestingAuthenticationToken("user", "password", "ROLE_USER"))
					.idleTimeout()).isEqualTo(Duration.ofMinutes(20));
			});
	}

	@Test
	void applicationSecurityFilterChainGetsOneAutoLogoutFilter() {
		this.runner.withUserConfiguration(UserSecurityFilterChainConfiguration.class)
			.run((context) -> assertThat(autoLogoutFilters(context)).hasSize(1));
	}

	@Test
	void aChainThatRemovesTheConfigurerIsLeftOutWhileTheOtherChainKeepsItsFilter() {
		this.runner.withUserConfiguration(ChainWithoutAutoLogoutConfiguration.class)
			.run(AutoLogoutSecurityAutoConfigurationTests::assertOnlyTheSecondChainHasTheFilter);
	}

	@Test
	void aStatelessChainIsLeftOutWhileTheOtherChainKeepsItsFilter() {
		this.runner.withUserConfiguration(StatelessChainConfiguration.class)
			.run(AutoLogoutSecurityAutoConfigurationTests::assertOnlyTheSecondChainHasTheFilter);
	}

	private static void assertOnlyTheSecondChainHasTheFilter(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		List<SecurityFilterChain> chains = context.getBean("springSecurityFilterChain", FilterChainProxy.class)
			.getFilterChains();
		assertThat(chains).hasSize(2);
		assertThat(chains.get(0).getFilters()).noneMatch(AutoLogoutFilter.class::isInstance);
		assertThat(chains.get(1).getFilters()).filteredOn(AutoLogoutFilter.class::isInstance).hasSize(1);
	}

	private static List<Filter> autoLogoutFilters(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean("springSecurityFilterChain", FilterChainProxy.class)
			.getFilterChains()
			.stream()
			.flatMap((chain) -> chain.getFilters().stream())
			.filter(AutoLogoutFilter.class::isInstance)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPolicyResolverConfiguration {

		final TimeoutPolicyResolver resolver = (authentication) -> TimeoutPolicy.of(Duration.ofMinutes(1),
				Duration.ofHours(1));

		@Bean
		TimeoutPolicyResolver userPolicyResolver() {
			return this.resolver;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResponderConfiguration {

		final LogoutResponder responder = new LogoutResponder("/signin",
				new AutoLogoutMessages(new StaticMessageSource(), null));

		@Bean
		LogoutResponder userResponder() {
			return this.responder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRequestMatchersConfiguration {

		final AutoLogoutRequestMatchers matchers = new AutoLogoutRequestMatchers("/status", "/keep-alive",
				List.of("/poll"));

		@Bean
		AutoLogoutRequestMatchers userRequestMatchers() {
			return this.matchers;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMessagesConfiguration {

		@Bean
		AutoLogoutMessages userMessages() {
			return new AutoLogoutMessages(new StaticMessageSource(), null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(PageChainConfiguration.class)
	static class ChainWithoutAutoLogoutConfiguration {

		@Bean
		@Order(1)
		SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
			http.removeConfigurer(AutoLogoutConfigurer.class);
			http.securityMatcher("/api/**");
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(PageChainConfiguration.class)
	static class StatelessChainConfiguration {

		@Bean
		@Order(1)
		SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
			http.securityMatcher("/api/**");
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.httpBasic(Customizer.withDefaults());
			http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			return http.build();
		}

	}

	/** A chain of pages with form login, after the chain of {@code /api/**}. */
	@Configuration(proxyBeanMethods = false)
	static class PageChainConfiguration {

		@Bean
		@Order(2)
		SecurityFilterChain pageSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain userSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

	}

}

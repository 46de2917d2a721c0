package io.github.autologout.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.AutoLogoutConfigurer;
import io.github.autologout.security.AutoLogoutFilter;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.LogoutResponder;
import io.github.autologout.security.TimeoutPolicyResolver;
import jakarta.servlet.Filter;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two real {@code SecurityFilterChain}s built by Spring Security, the same but for the
 * {@link AutoLogoutConfigurer}, with the starter's default policy (30 minutes idle, 12 hours
 * absolute).
 */
final class SecurityChains implements AutoCloseable {

	static final TimeoutPolicy POLICY = TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(12),
			Duration.ofMinutes(1));

	static final String PASSIVE_PATH = "/api/poll";

	private final AnnotationConfigApplicationContext withAutoLogout;

	private final AnnotationConfigApplicationContext withoutAutoLogout;

	private final AnnotationConfigApplicationContext withoutAccountCheck;

	SecurityChains() {
		this.withAutoLogout = new AnnotationConfigApplicationContext(WithAutoLogout.class);
		this.withoutAutoLogout = new AnnotationConfigApplicationContext(WithoutAutoLogout.class);
		this.withoutAccountCheck = new AnnotationConfigApplicationContext(WithAutoLogoutWithoutAccountCheck.class);
	}

	/**
	 * The chain with autologout but without its account check filter.
	 * @return the chain
	 */
	FilterChainProxy withAutoLogoutWithoutAccountCheck() {
		return this.withoutAccountCheck.getBean(FilterChainProxy.class);
	}

	FilterChainProxy withAutoLogout() {
		return this.withAutoLogout.getBean(FilterChainProxy.class);
	}

	FilterChainProxy withoutAutoLogout() {
		return this.withoutAutoLogout.getBean(FilterChainProxy.class);
	}

	/**
	 * The {@link AutoLogoutFilter} instance of the chain with autologout.
	 * @return the filter
	 */
	AutoLogoutFilter autoLogoutFilter() {
		for (SecurityFilterChain chain : withAutoLogout().getFilterChains()) {
			for (Filter filter : chain.getFilters()) {
				if (filter instanceof AutoLogoutFilter autoLogout) {
					return autoLogout;
				}
			}
		}
		throw new IllegalStateException("No AutoLogoutFilter in the chain");
	}

	@Override
	public void close() {
		this.withAutoLogout.close();
		this.withoutAutoLogout.close();
		this.withoutAccountCheck.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class BaseSecurity {

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").roles("USER").build());
		}

		static HttpSecurity typical(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WithoutAutoLogout extends BaseSecurity {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) {
			return typical(http).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WithAutoLogout extends BaseSecurity {

		@Bean
		MessageSource messageSource() {
			return new StaticMessageSource();
		}

		@Bean
		AutoLogoutMessages autoLogoutMessages(MessageSource messageSource) {
			return new AutoLogoutMessages(messageSource, null);
		}

		@Bean
		TimeoutPolicyResolver policyResolver() {
			return new AuthorityTimeoutPolicyResolver(POLICY, Map.of());
		}

		@Bean
		RevocationRegistry revocationRegistry() {
			return new InMemoryRevocationRegistry(java.time.Clock.systemUTC(), Duration.ofHours(12));
		}

		@Bean
		LogoutResponder logoutResponder(AutoLogoutMessages messages) {
			return new LogoutResponder("/login", messages);
		}

		@Bean
		AutoLogoutRequestMatchers requestMatchers() {
			return new AutoLogoutRequestMatchers("/autologout/status", "/autologout/keep-alive", List.of(PASSIVE_PATH));
		}

		@Bean
		SecurityFilterChain chain(HttpSecurity http) {
			return typical(http).with(new AutoLogoutConfigurer<>(), Customizer.withDefaults()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WithAutoLogoutWithoutAccountCheck extends WithAutoLogout {

		@Override
		@Bean
		SecurityFilterChain chain(HttpSecurity http) {
			return typical(http)
				.with(new AutoLogoutConfigurer<>(), (autoLogout) -> autoLogout.accountCheckInterval(Duration.ZERO))
				.build();
		}

	}

}

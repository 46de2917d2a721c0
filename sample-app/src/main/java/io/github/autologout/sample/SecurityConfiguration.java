package io.github.autologout.sample;

import java.util.UUID;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.security.RevocationAwareTokenBasedRememberMeServices;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;
import org.springframework.util.StringUtils;

/**
 * The sample's own security: form login on its own page with remember-me, an admin area, the
 * Actuator for {@code admin} with HTTP Basic, and two users.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/**");
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health")
			.permitAll()
			.anyRequest()
			.hasRole("ADMIN"));
		http.httpBasic(Customizer.withDefaults());
		http.csrf(AbstractHttpConfigurer::disable);
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http,
			TokenBasedRememberMeServices rememberMeServices) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/error", "/favicon.ico")
			.permitAll()
			.requestMatchers("/public", "/autologout/**", "/sample.css")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		http.formLogin((form) -> form.loginPage("/login").permitAll());
		http.rememberMe((rememberMe) -> rememberMe.rememberMeServices(rememberMeServices));
		http.logout(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Hash-based remember-me that a forced logout also ends (plain remember-me when autologout is
	 * switched off). Its cookies are signed with {@code sample.remember-me-key}, which every
	 * instance of a cluster must share (the Redis and JDBC profiles set one); without it, with a key
	 * new at each start, so that they hold on this instance only, until it restarts.
	 */
	@Bean
	TokenBasedRememberMeServices rememberMeServices(InMemoryUserDetailsManager userDetailsManager,
			ObjectProvider<RevocationRegistry> revocationRegistry,
			@Value("${sample.remember-me-key:}") String configuredKey) {
		String key = StringUtils.hasText(configuredKey) ? configuredKey : UUID.randomUUID().toString();
		RevocationRegistry revocations = revocationRegistry.getIfAvailable();
		return (revocations != null)
				? new RevocationAwareTokenBasedRememberMeServices(key, userDetailsManager, revocations)
				: new TokenBasedRememberMeServices(key, userDetailsManager);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * The sample's users, user/password and admin/admin, with their passwords hashed once: every
	 * instance then holds the same hashes, as a shared user store would, which remember-me cookies
	 * sign. A password changed on one instance holds on that instance only.
	 */
	@Bean
	InMemoryUserDetailsManager userDetailsManager() {
		return new InMemoryUserDetailsManager(
				User.withUsername("user")
					.password("{bcrypt}$2a$10$jCzIr9O4mIYqzaAP4GXUkO03W7W2ELLuEPOe6MIWPZua5dw2TVNXa")
					.roles("USER")
					.build(),
				User.withUsername("admin")
					.password("{bcrypt}$2a$10$t7vsBjXtHCeIkdhItJL9ze7BW7zunnVEonpZeg0Tf9QyqAdVOH0m2")
					.roles("USER", "ADMIN")
					.build());
	}

}

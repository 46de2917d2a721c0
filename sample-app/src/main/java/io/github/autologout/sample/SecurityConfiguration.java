package io.github.autologout.sample;

import java.util.UUID;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.security.RevocationAwareTokenBasedRememberMeServices;

import org.springframework.beans.factory.ObjectProvider;
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
	 * switched off). The key is new at each start, so cookies do not survive a restart of the sample.
	 */
	@Bean
	TokenBasedRememberMeServices rememberMeServices(InMemoryUserDetailsManager userDetailsManager,
			ObjectProvider<RevocationRegistry> revocationRegistry) {
		String key = UUID.randomUUID().toString();
		RevocationRegistry revocations = revocationRegistry.getIfAvailable();
		return (revocations != null)
				? new RevocationAwareTokenBasedRememberMeServices(key, userDetailsManager, revocations)
				: new TokenBasedRememberMeServices(key, userDetailsManager);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager userDetailsManager(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername("user").password(passwordEncoder.encode("password")).roles("USER").build(),
				User.withUsername("admin").password(passwordEncoder.encode("admin")).roles("USER", "ADMIN").build());
	}

}

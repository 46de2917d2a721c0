package io.github.autologout.session;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.security.AutoLogoutFilter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the force logout scenarios share: users {@code user}, {@code other} and {@code admin}, a
 * few pages, an Actuator chain for administrators with HTTP Basic, and a record of the
 * {@link AutoLogoutEvent}s. Each scenario adds its own application chain, usually
 * {@link #formLogin(HttpSecurity)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ForceLogoutTestApplication.Pages.class)
class ForceLogoutTestApplication {

	static final String PASSWORD = "password";

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(user("user", "USER"), user("other", "USER"),
				user("admin", "USER", "ADMIN"), user("DOMAIN\\alice", "USER"));
	}

	static User.UserBuilder builder(String username, String... roles) {
		return User.withUsername(username).password("{noop}" + PASSWORD).roles(roles);
	}

	private static User user(String username, String... roles) {
		return (User) builder(username, roles).build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	RecordedEvents recordedEvents() {
		return new RecordedEvents();
	}

	/**
	 * Form login on {@code /login}, everything else authenticated.
	 */
	static HttpSecurity formLogin(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/error", "/programmatic-login")
			.permitAll()
			.anyRequest()
			.authenticated()).formLogin((form) -> form.loginPage("/login").permitAll());
	}

	@RestController
	static class Pages {

		@GetMapping("/")
		String home(Principal principal) {
			return "home of " + principal.getName();
		}

		@GetMapping("/api/me")
		Map<String, String> me(Principal principal) {
			return Map.of("username", principal.getName());
		}

		@GetMapping("/login")
		String login(HttpServletRequest request) {
			Object message = request.getAttribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE);
			CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
			return "login page; message=" + message + "; csrf=" + ((csrf != null) ? csrf.getToken() : "");
		}

	}

	static final class RecordedEvents implements ApplicationListener<AutoLogoutEvent> {

		private final List<AutoLogoutEvent> events = new ArrayList<>();

		@Override
		public synchronized void onApplicationEvent(AutoLogoutEvent event) {
			this.events.add(event);
		}

		synchronized List<AutoLogoutEvent> events() {
			return List.copyOf(this.events);
		}

		synchronized void clear() {
			this.events.clear();
		}

	}

}

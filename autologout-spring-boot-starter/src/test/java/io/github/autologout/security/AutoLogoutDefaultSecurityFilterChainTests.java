package io.github.autologout.security;

import io.github.autologout.test.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tests autologout in an application with full auto-configuration and no
 * {@link SecurityFilterChain} of its own, so that Spring Boot's default chain is used.
 */
@SpringBootTest(properties = { "spring.security.user.name=user", "spring.security.user.password=password",
		"autologout.idle-timeout=10m", "spring.thymeleaf.check-template-location=false" })
@AutoConfigureMockMvc
class AutoLogoutDefaultSecurityFilterChainTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MutableClock clock;

	@Test
	void defaultChainGetsExactlyOneAutoLogoutFilter(@Autowired FilterChainProxy springSecurityFilterChain) {
		assertThat(springSecurityFilterChain.getFilterChains()).singleElement()
			.satisfies((chain) -> assertThat(chain.getFilters()).filteredOn(AutoLogoutFilter.class::isInstance)
				.hasSize(1));
	}

	@Test
	void sessionWithinIdleTimeoutPassesAndIdleSessionIsRedirectedToLogin() throws Exception {
		MockHttpSession session = login();
		this.clock.advance(Duration.ofMinutes(9));
		this.mvc.perform(get("/hello").session(session)).andExpect(status().isOk());
		this.clock.advance(Duration.ofMinutes(10));
		this.mvc.perform(get("/hello").session(session))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl("/login?autologout=idle"))
			.andExpect(unauthenticated());
		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void scriptRequestOfAnIdleSessionGetsUnauthorizedProblem() throws Exception {
		MockHttpSession session = login();
		this.clock.advance(Duration.ofMinutes(10));
		this.mvc.perform(get("/hello").session(session).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.reason").value("idle"));
	}

	@Test
	void statusEndpointReportsTheConfiguredIdleTimeout() throws Exception {
		MockHttpSession session = login();
		this.clock.advance(Duration.ofMinutes(4));
		this.mvc.perform(get("/autologout/status").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.idleTimeoutSeconds").value(600))
			.andExpect(jsonPath("$.secondsUntilIdleEnd").value(360));
	}

	private MockHttpSession login() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc
			.perform(post("/login").param("username", "user")
				.param("password", "password")
				.with(csrf())
				.session(session))
			.andExpect(status().isFound())
			.andExpect(authenticated().withUsername("user"));
		return session;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class TestApplication {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello(Principal principal) {
			return "hello " + principal.getName();
		}

	}

}

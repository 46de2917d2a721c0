package io.github.autologout.session;

import java.time.Instant;
import java.util.Collections;

import io.github.autologout.security.AutoLogoutConfigurer;
import io.github.autologout.security.ClientDetails;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The login creates every session attribute that autologout updates on later requests, so that
 * two concurrent requests of a session never both add one: Spring Session JDBC inserts an added
 * attribute and refuses the second insert with a duplicate key (a {@code 500}). The effect on a
 * real store is proven by {@code ClusterTests} in autologout-integration-tests.
 */
@SpringBootTest(classes = LoginSessionAttributesMockMvcTests.Application.class)
@AutoConfigureMockMvc
class LoginSessionAttributesMockMvcTests {

	private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

	@Autowired
	private MockMvc mvc;

	@Test
	void loginWritesTheTimesAndTheClientAndNothingElse() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc.perform(get("/login"))
			.andReturn()
			.getRequest()
			.getSession(false);

		this.mvc
			.perform(post("/login").param("username", "user")
				.param("password", ForceLogoutTestApplication.PASSWORD)
				.header("User-Agent", "Firefox")
				.with(csrf())
				.session(session))
			.andExpect(authenticated().withUsername("user"));

		assertThat(session.getAttribute(ClientDetails.ATTRIBUTE)).isEqualTo("127.0.0.1\nFirefox");
		assertThat(Collections.list(session.getAttributeNames())).filteredOn((name) -> name.startsWith("autologout"))
			.containsExactlyInAnyOrder(SessionTimesAttributes.NAME, ClientDetails.ATTRIBUTE);
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ForceLogoutTestApplication.class)
	static class Application {

		@Bean
		MutableClock clock() {
			return new MutableClock(NOW);
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			ForceLogoutTestApplication.formLogin(http);
			http.getConfigurer(AutoLogoutConfigurer.class).recordClientDetails(true);
			return http.build();
		}

	}

}

package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import io.github.autologout.autoconfigure.AutoLogoutAutoConfiguration;
import io.github.autologout.autoconfigure.AutoLogoutSecurityAutoConfiguration;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.InMemoryOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Requests that Spring Security authenticates anew, keeping the login in the request only, as the
 * user whom their session holds a login of: they are the session's requests, and its end holds
 * for them. With multi-factor authentication, Spring Security merges the session's factors into
 * the new login, so that an ended session's second factor would otherwise serve it.
 */
class CredentialsOfTheSessionsUserTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MessageSourceAutoConfiguration.class,
				AutoLogoutAutoConfiguration.class, AutoLogoutSecurityAutoConfiguration.class))
		.withUserConfiguration(AutoLogoutFilterTests.ApplicationConfiguration.class);

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "idle", "forced" })
	void basicCredentialsOfTheUserOfAnEndedSessionWithBothFactorsDoNotBringItsSecondFactorBack(String reason) {
		this.runner.withUserConfiguration(TwoFactorsConfiguration.class).run((context) -> {
			MockMvc mvc = mvc(context);
			MockHttpSession session = signInWithBothFactors(mvc, context.getBean(OneTimeTokenService.class));
			mvc.perform(get("/").session(session)).andExpect(content().string("hello user"));
			mvc.perform(get("/").with(httpBasic("user", "password")))
				.andExpect((result) -> assertThat(result.getResponse().getStatus()).as("one factor only")
					.isNotEqualTo(200));

			end(context, reason);

			// "USER": a name that Basic authenticates again, and that the user store finds as "user"
			mvc.perform(get("/").session(session).with(httpBasic("USER", "password")))
				.andExpect(status().isSeeOther())
				.andExpect(redirectedUrl("/login?autologout=" + reason));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "idle", "forced" })
	void basicCredentialsOfTheUserOfAnEndedSessionAreRefusedAsThatSessionsRequest(String reason) {
		this.runner.withUserConfiguration(AutoLogoutFilterTests.FormAndBasicLoginConfiguration.class)
			.run((context) -> {
				MockMvc mvc = mvc(context);
				MockHttpSession session = new MockHttpSession();
				mvc.perform(post("/login").session(session)
					.param("username", "user")
					.param("password", "password")
					.with(csrf())).andExpect(status().isFound());

				end(context, reason);

				mvc.perform(get("/").session(session).with(httpBasic("USER", "password")))
					.andExpect(status().isSeeOther())
					.andExpect(redirectedUrl("/login?autologout=" + reason));
			});
	}

	private static void end(AssertableWebApplicationContext context, String reason) {
		MutableClock clock = context.getBean(MutableClock.class);
		clock.advance(Duration.ofSeconds(1));
		if (reason.equals("forced")) {
			context.getBean(RevocationRegistry.class)
				.revokeUser("user", new Revocation(clock.instant(), LogoutReason.FORCED));
			clock.advance(Duration.ofSeconds(1));
		}
		else {
			clock.advance(Duration.ofHours(1));
		}
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return MockMvcBuilders.webAppContextSetup(context.getSourceApplicationContext())
			.apply(springSecurity())
			.build();
	}

	private static MockHttpSession signInWithBothFactors(MockMvc mvc, OneTimeTokenService tokens) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session)
			.param("username", "user")
			.param("password", "password")
			.with(csrf())).andExpect(status().isFound());
		String token = tokens.generate(new GenerateOneTimeTokenRequest("user")).getTokenValue();
		mvc.perform(post("/login/ott").session(session).param("token", token).with(csrf()))
			.andExpect(status().isFound());
		return session;
	}

	/** A password and a one-time token, each a factor that every page needs, and HTTP Basic. */
	@Configuration(proxyBeanMethods = false)
	@EnableMultiFactorAuthentication(
			authorities = { FactorGrantedAuthority.PASSWORD_AUTHORITY, FactorGrantedAuthority.OTT_AUTHORITY })
	static class TwoFactorsConfiguration {

		@Bean
		InMemoryOneTimeTokenService oneTimeTokenService() {
			return new InMemoryOneTimeTokenService();
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, OneTimeTokenService tokens) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/login/ott")
				.permitAll()
				.anyRequest()
				.authenticated());
			http.formLogin((form) -> form.loginPage("/login"));
			http.oneTimeTokenLogin((ott) -> ott.tokenService(tokens)
				.tokenGenerationSuccessHandler((request, response, token) -> response.setStatus(204)));
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

}

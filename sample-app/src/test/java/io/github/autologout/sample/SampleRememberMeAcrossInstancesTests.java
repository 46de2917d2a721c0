package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.github.autologout.test.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample, as behind a load balancer: a remember-me cookie of one signs its
 * user in on the other where both have the same {@code sample.remember-me-key}, as the Redis and
 * JDBC profiles give them; the JDBC profile is run as it is, on a PostgreSQL server of the tests.
 */
class SampleRememberMeAcrossInstancesTests {

	@Test
	void rememberMeCookieOfOneInstanceSignsItsUserInOnAnotherWithTheSameKey() {
		assertThat(rememberedOnTheOtherInstance("sample.remember-me-key=shared")).isEqualTo(200);
	}

	@Test
	void rememberMeCookieOfOneInstanceIsRefusedByAnotherWithoutAKey() {
		assertThat(rememberedOnTheOtherInstance()).isEqualTo(302);
	}

	@Test
	void rememberMeCookieOfOneInstanceOfTheJdbcProfileSignsItsUserInOnAnother() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		assertThat(rememberedOnTheOtherInstance("spring.profiles.active=jdbc",
				"spring.datasource.url=" + postgres.jdbcUrl(), "spring.datasource.username=" + postgres.username(),
				"spring.datasource.password=" + postgres.password()))
			.isEqualTo(200);
	}

	/** Signs in with remember-me on one instance, and answers the status of the cookie alone on another. */
	private static int rememberedOnTheOtherInstance(String... properties) {
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			instances.add(start(properties));
			instances.add(start(properties));
			String cookie = new Browser(port(instances.get(0))).login("user", "password", true).cookie("remember-me");
			return new Browser(port(instances.get(1))).withCookie("remember-me", cookie).get("/").statusCode();
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
		}
	}

	/** Starts an instance on a free port, with the properties as command-line arguments. */
	private static ConfigurableApplicationContext start(String... properties) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return new SpringApplicationBuilder(SampleApplication.class).run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}

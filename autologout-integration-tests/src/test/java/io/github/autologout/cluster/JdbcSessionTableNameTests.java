package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.jdbc.JdbcSessionIndex;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.jdbc.SpringSessionTables;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.test.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Force logout on Spring Session JDBC whose table is named by {@code spring.session.jdbc.table-name}:
 * the auto-configured {@link JdbcSessionIndex} deletes in that table, and the session tracker
 * reads a user's sessions from it.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcSessionTableNameTests {

	private static final String TABLE = "AUTOLOGOUT_NAMED_SESSION";

	@Test
	void forceLogoutAndTheTrackerUseTheTableOfTheTableNameProperty(CapturedOutput output) {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		SpringSessionTables.recreate(dataSource, TABLE);
		ClusterTestApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.username(),
					"spring.datasource.password=" + postgres.password(),
					"spring.session.jdbc.initialize-schema=never", "spring.session.jdbc.table-name=" + TABLE,
					"autologout.jdbc.initialize-schema=always",
					ClusterTestApplication.WITHOUT_REDIS)
			.run()) {
			String node = ClusterTestApplication.url(context);
			assertThat(context.getBean(SessionIndex.class)).isInstanceOf(JdbcSessionIndex.class);
			assertThat(context.containsBean("autoLogoutSessionExecutor")).isFalse();
			Browser laptop = new Browser();
			laptop.login(node, "erin", "secret");
			Browser phone = new Browser();
			phone.login(node, "erin", "secret");
			Browser other = new Browser();
			other.login(node, "frank", "secret");
			String principals = "SELECT PRINCIPAL_NAME FROM " + TABLE + " WHERE PRINCIPAL_NAME IS NOT NULL";
			assertThat(jdbc.queryForList(principals, String.class)).containsExactlyInAnyOrder("erin", "erin",
					"frank");

			SessionTracker tracker = context.getBean(SessionTracker.class);
			assertThat(tracker).isInstanceOf(JdbcSessionTracker.class);
			assertThat(tracker.sessionIds("erin")).hasSize(2)
				.containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
						"SELECT SESSION_ID FROM " + TABLE + " WHERE PRINCIPAL_NAME = 'erin'", String.class));

			assertThat(context.getBean(ForceLogoutService.class).logout("erin")).isEqualTo(2);

			assertThat(jdbc.queryForList(principals, String.class)).containsExactly("frank");
			HttpResponse<String> me = laptop.get(node + "/api/me", "Accept", "application/json");
			assertThat(me.statusCode()).isEqualTo(401);
			assertThat(me.body()).contains("\"reason\":\"forced\"");
			assertThat(other.get(node + "/api/me").statusCode()).isEqualTo(200);
			assertThat(output).doesNotContain("autologout ends them one by one");
		}
	}

}

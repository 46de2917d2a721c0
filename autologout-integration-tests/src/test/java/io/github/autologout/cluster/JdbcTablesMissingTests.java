package io.github.autologout.cluster;

import io.github.autologout.test.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An application on Spring Session JDBC whose database has Spring Session's tables but not
 * autologout's, which {@code autologout.jdbc.initialize-schema} creates only in embedded
 * databases by default: it fails to start with a report that says how to create them.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcTablesMissingTests {

	private static final String DATABASE = "autologout_without_tables";

	private final EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();

	private final JdbcTemplate server = new JdbcTemplate(
			new DriverManagerDataSource(this.postgres.jdbcUrl(), this.postgres.username(), this.postgres.password()));

	@BeforeEach
	void createDatabase() {
		this.server.execute("DROP DATABASE IF EXISTS " + DATABASE);
		this.server.execute("CREATE DATABASE " + DATABASE);
	}

	@AfterEach
	void dropDatabase() {
		this.server.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
	}

	@Test
	void aDatabaseWithoutAutologoutsTablesFailsTheStartWithTheSettingThatCreatesThem(CapturedOutput output) {
		String url = this.postgres.jdbcUrl().replace("/postgres?", "/" + DATABASE + "?");
		assertThat(url).contains(DATABASE);

		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url,
					"spring.datasource.username=" + this.postgres.username(),
					"spring.datasource.password=" + this.postgres.password(),
					"spring.session.jdbc.initialize-schema=always", ClusterTestApplication.WITHOUT_REDIS)
			.run()
			.close());

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("autologout could not use its table AUTOLOGOUT_REVOCATION")
			.contains("relation \"autologout_revocation\" does not exist")
			.contains("set 'autologout.jdbc.initialize-schema=always'")
			.contains("classpath:io/github/autologout/jdbc/schema-@@platform@@.sql");
	}

}

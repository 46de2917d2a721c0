package io.github.autologout.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.SharedRevocationRegistryContractTests;
import org.junit.jupiter.api.AfterEach;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Tests for {@link JdbcRevocationRegistry} against a real PostgreSQL server; each node polls the
 * table on its own. The table is emptied when each test's instance is made, before the nodes
 * start.
 */
class JdbcRevocationRegistryTests extends SharedRevocationRegistryContractTests {

	private final DriverManagerDataSource dataSource = dataSource();

	private final List<JdbcRevocationRegistry> nodes = new ArrayList<>();

	private static DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	JdbcRevocationRegistryTests() {
		new ResourceDatabasePopulator(new ClassPathResource("io/github/autologout/jdbc/schema-postgresql.sql"))
			.execute(this.dataSource);
		JdbcClient.create(this.dataSource).sql("DELETE FROM AUTOLOGOUT_REVOCATION").update();
	}

	@Override
	protected RevocationRegistry newNode() {
		JdbcRevocationRegistry registry = new JdbcRevocationRegistry(this.dataSource, Clock.systemUTC(),
				Duration.ofHours(1));
		registry.setPollInterval(Duration.ofMillis(200));
		registry.afterPropertiesSet();
		this.nodes.add(registry);
		return registry;
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(JdbcRevocationRegistry::destroy);
	}

}

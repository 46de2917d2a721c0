package io.github.autologout.cluster;

import java.util.List;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.jdbc.JdbcRevocationRegistry;
import io.github.autologout.test.EmbeddedPostgresServer;

import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * {@link ClusterTests} with Spring Session JDBC on a real PostgreSQL server.
 */
class JdbcClusterTests extends ClusterTests {

	@Override
	List<String> storeProperties() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return List.of("spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.datasource.username=" + postgres.username(),
				"spring.datasource.password=" + postgres.password(), "spring.session.jdbc.initialize-schema=always",
				"autologout.jdbc.initialize-schema=always",
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
	}

	@Override
	Class<? extends RevocationRegistry> sharedRegistryType() {
		return JdbcRevocationRegistry.class;
	}

	@Override
	Class<?> sessionRepositoryType() {
		return JdbcIndexedSessionRepository.class;
	}

}

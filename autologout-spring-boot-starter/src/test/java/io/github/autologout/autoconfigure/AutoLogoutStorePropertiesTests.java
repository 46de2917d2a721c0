package io.github.autologout.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks at start-up of the {@code autologout.redis.*} and {@code autologout.jdbc.*}
 * properties, whose values go into Redis keys and into the schema initialization.
 */
class AutoLogoutStorePropertiesTests {

	@ParameterizedTest(name = "[{index}] namespace \"{0}\"")
	@CsvSource(delimiter = '|', textBlock = """
			''
			'   '
			auto logout
			autologout\\0x
			'autologout\\r\\nFLUSHALL'
			""")
	void redisNamespaceThatIsBlankOrHasWhitespaceOrControlCharactersFailsStartupNamingIt(String namespace) {
		String value = namespace.translateEscapes();
		new ApplicationContextRunner().withUserConfiguration(RedisPropertiesConfiguration.class)
			.withInitializer(property("autologout.redis.namespace", value))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("autologout.redis.namespace");
					assertThat(ex.getValue()).isEqualTo(value);
				})
				.hasMessageContaining("Must be a key prefix without whitespace or control characters"));
	}

	@ParameterizedTest(name = "[{index}] schema \"{0}\"")
	@ValueSource(strings = { "", "   ", "\t" })
	void blankJdbcSchemaLocationFailsStartupNamingIt(String schema) {
		DataSource dataSource = new DriverManagerDataSource("jdbc:autologout:never-connected");
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AutoLogoutJdbcAutoConfiguration.class,
					AutoLogoutAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withBean(JdbcIndexedSessionRepository.class,
					() -> new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
							TransactionOperations.withoutTransaction()))
			.withInitializer(property("autologout.jdbc.schema", schema))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("autologout.jdbc.schema");
					assertThat(ex.getValue()).isEqualTo(schema);
				})
				.hasMessageContaining("The location of the schema script is required"));
	}

	/** Sets a property exactly, where {@code withPropertyValues} would trim it. */
	private static ApplicationContextInitializer<ConfigurableApplicationContext> property(String name, String value) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of(name, value)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AutoLogoutRedisProperties.class)
	static class RedisPropertiesConfiguration {

	}

}

package io.github.autologout.autoconfigure;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.jdbc.AttributeUpsertCustomizer;
import io.github.autologout.jdbc.JdbcPrincipalSessionIds;
import io.github.autologout.jdbc.JdbcRevocationRegistry;
import io.github.autologout.jdbc.JdbcSessionTracker;
import io.github.autologout.jdbc.JdbcText;
import io.github.autologout.jdbc.PrincipalSessionsQueryCustomizer;
import io.github.autologout.session.GuardedSessionRepositoryPostProcessor;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.UnreadableSessionFailure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionException;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * shares autologout's revocations and tracked sessions through database tables when Spring
 * Session keeps the sessions in that database.
 */
@AutoConfiguration(before = AutoLogoutAutoConfiguration.class,
		afterName = "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration")
@ConditionalOnClass({ JdbcIndexedSessionRepository.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBooleanProperty(name = "autologout.enabled", matchIfMissing = true)
@ConditionalOnBean({ DataSource.class, JdbcIndexedSessionRepository.class })
@EnableConfigurationProperties({ AutoLogoutProperties.class, AutoLogoutJdbcProperties.class })
public final class AutoLogoutJdbcAutoConfiguration {

	/**
	 * Keeps forged session ids and odd user names from failing Spring Session JDBC's queries, and
	 * sessions whose security context the application cannot read from failing their requests.
	 * @return the post-processor of Spring Session's JDBC repository
	 */
	@Bean
	static BeanPostProcessor autoLogoutGuardedJdbcSessionRepositoryPostProcessor() {
		// PostgreSQL refuses a NUL character in any query: such an id failed every request carrying it;
		// the repository deserializes each attribute through its conversion service when first read
		return new GuardedSessionRepositoryPostProcessor(List.of(JdbcIndexedSessionRepository.class),
				JdbcText::isQueryable, JdbcText::isQueryable,
				UnreadableSessionFailure.onFirstRead(ConversionException.class));
	}

	@Bean
	@ConditionalOnMissingBean(name = "autoLogoutSchemaInitializer")
	DataSourceScriptDatabaseInitializer autoLogoutSchemaInitializer(DataSource dataSource,
			AutoLogoutJdbcProperties properties) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(
				new PlatformPlaceholderDatabaseDriverResolver().resolveAll(dataSource, properties.getSchema()));
		settings.setMode(properties.getInitializeSchema());
		return new DataSourceScriptDatabaseInitializer(dataSource, settings);
	}

	@Bean
	@ConditionalOnMissingBean(RevocationRegistry.class)
	@DependsOnDatabaseInitialization
	JdbcRevocationRegistry autoLogoutRevocationRegistry(DataSource dataSource, AutoLogoutProperties properties,
			ObjectProvider<Clock> clock) {
		return new JdbcRevocationRegistry(dataSource, clock.getIfUnique(Clock::systemUTC),
				properties.revocationRetention());
	}

	@Bean
	@ConditionalOnMissingBean
	PrincipalSessionsQueryCustomizer autoLogoutPrincipalSessionsQueryCustomizer() {
		return new PrincipalSessionsQueryCustomizer();
	}

	@Bean
	@ConditionalOnMissingBean({ AttributeUpsertCustomizer.class, PostgreSqlJdbcIndexedSessionRepositoryCustomizer.class })
	AttributeUpsertCustomizer autoLogoutAttributeUpsertCustomizer(
			@SpringSessionDataSource ObjectProvider<DataSource> sessionDataSource,
			ObjectProvider<DataSource> dataSource) {
		// the data source that Spring Session's configuration gives the repository
		return new AttributeUpsertCustomizer(sessionDataSource.getIfAvailable(dataSource::getObject));
	}

	/**
	 * The tracker, which reads a user's sessions through the application's
	 * {@link PrincipalSessionIds}, or else through the repository's {@code findByPrincipalName}.
	 */
	@Bean
	@ConditionalOnMissingBean(SessionTracker.class)
	@DependsOnDatabaseInitialization
	JdbcSessionTracker autoLogoutSessionTracker(DataSource dataSource, JdbcIndexedSessionRepository repository,
			ObjectProvider<PrincipalSessionIds> principalSessionIds) {
		return new JdbcSessionTracker(dataSource,
				principalSessionIds.getIfUnique(() -> (username) -> repository.findByPrincipalName(username).keySet()));
	}

	/**
	 * With Spring Boot's Spring Session JDBC, the principal index is read from the table that
	 * {@code spring.session.jdbc.table-name} names.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcSessionProperties.class)
	@ConditionalOnBean(JdbcSessionProperties.class)
	static class PrincipalSessionIdsConfiguration {

		@Bean
		@ConditionalOnMissingBean(PrincipalSessionIds.class)
		JdbcPrincipalSessionIds autoLogoutPrincipalSessionIds(
				@SpringSessionDataSource ObjectProvider<DataSource> sessionDataSource,
				ObjectProvider<DataSource> dataSource, JdbcSessionProperties properties) {
			// the data source that Spring Session's configuration gives the repository
			return new JdbcPrincipalSessionIds(sessionDataSource.getIfAvailable(dataSource::getObject),
					SessionTableName.checked(properties.getTableName()));
		}

	}

}

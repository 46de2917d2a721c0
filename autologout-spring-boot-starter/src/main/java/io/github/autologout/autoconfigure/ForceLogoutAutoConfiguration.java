package io.github.autologout.autoconfigure;

import java.time.Clock;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.jdbc.JdbcSessionIndex;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.HttpSessionIndex;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SpringSessionIndex;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * force logout for the servlet container's own sessions: a {@link ForceLogoutService} over an
 * in-memory {@link HttpSessionIndex}, which Spring Boot registers as a session listener with its
 * embedded container.
 * <p>
 * Another session store takes part by defining its own {@link SessionIndex} bean. With a Spring
 * Session repository, the {@link SpringSessionIndex} ends the sessions of one logout concurrently
 * on an executor named {@code autoLogoutSessionExecutor}, which an application bean of that name
 * replaces; with Spring Boot's Spring Session JDBC, the {@link JdbcSessionIndex} ends them with one
 * batch of statements in the table of {@code spring.session.jdbc.table-name}, and needs no executor.
 */
@AutoConfiguration(
		after = { AutoLogoutAutoConfiguration.class, AutoLogoutRedisAutoConfiguration.class,
				AutoLogoutJdbcAutoConfiguration.class },
		afterName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration" })
@ConditionalOnClass({ SecurityContext.class, PersistentTokenRepository.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean(RevocationRegistry.class)
public final class ForceLogoutAutoConfiguration {

	private static final int SESSION_THREADS = 8;

	/**
	 * Ordered first, so that its index makes {@link SpringSessionIndexConfiguration} back off.
	 */
	@Configuration(proxyBeanMethods = false)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnClass({ JdbcIndexedSessionRepository.class, JdbcSessionProperties.class })
	@ConditionalOnBean({ JdbcIndexedSessionRepository.class, JdbcSessionProperties.class, SessionTracker.class })
	static class JdbcSessionIndexConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionIndex.class)
		JdbcSessionIndex autoLogoutJdbcSessionIndex(JdbcIndexedSessionRepository repository, SessionTracker tracker,
				@SpringSessionDataSource ObjectProvider<DataSource> sessionDataSource,
				ObjectProvider<DataSource> dataSource, JdbcSessionProperties properties) {
			// the data source that Spring Session's configuration gives the repository
			return new JdbcSessionIndex(repository, tracker, sessionDataSource.getIfAvailable(dataSource::getObject),
					SessionTableName.checked(properties.getTableName()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	@ConditionalOnBean({ SessionRepository.class, SessionTracker.class })
	@ConditionalOnMissingBean(SessionIndex.class)
	static class SpringSessionIndexConfiguration {

		/**
		 * The threads that end the sessions of one logout concurrently: the store's calls mostly
		 * wait on the network, so a few threads make ten sessions end about as fast as one. Not
		 * a default candidate, so that it is injected nowhere else and Spring Boot still defines
		 * its {@code applicationTaskExecutor}; shut down with the context.
		 */
		@Bean(defaultCandidate = false)
		@ConditionalOnMissingBean(name = "autoLogoutSessionExecutor")
		ThreadPoolTaskExecutor autoLogoutSessionExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("autologout-session-");
			executor.setCorePoolSize(SESSION_THREADS);
			executor.setMaxPoolSize(SESSION_THREADS);
			executor.setAllowCoreThreadTimeOut(true);
			executor.setQueueCapacity(1000);
			return executor;
		}

		@Bean
		@ConditionalOnMissingBean(SessionIndex.class)
		SpringSessionIndex<?> autoLogoutSessionIndex(SessionRepository<?> repository, SessionTracker tracker,
				@Qualifier("autoLogoutSessionExecutor") Executor executor,
				ObjectProvider<PrincipalSessionIds> principalSessionIds) {
			SpringSessionIndex<?> index = new SpringSessionIndex<>(repository, tracker);
			index.setExecutor(executor);
			index.setPrincipalSessionIds(principalSessionIds.getIfUnique());
			return index;
		}

	}

	@Bean
	@ConditionalOnMissingBean(SessionIndex.class)
	HttpSessionIndex autoLogoutHttpSessionIndex(ObjectProvider<SessionTracker> sessionTracker) {
		HttpSessionIndex index = new HttpSessionIndex();
		index.setSessionTracker(sessionTracker.getIfUnique());
		return index;
	}

	@Bean
	@ConditionalOnMissingBean
	ForceLogoutService forceLogoutService(SessionIndex sessionIndex, RevocationRegistry revocationRegistry,
			ApplicationEventPublisher events, ObjectProvider<Clock> clock,
			ObjectProvider<PersistentTokenRepository> tokenRepositories, ObjectProvider<SessionTracker> sessionTracker) {
		DefaultForceLogoutService service = new DefaultForceLogoutService(sessionIndex, revocationRegistry, events,
				clock.getIfUnique(Clock::systemUTC));
		service.setPersistentTokenRepositories(tokenRepositories.orderedStream().toList());
		service.setSessionTracker(sessionTracker.getIfUnique());
		return service;
	}

}

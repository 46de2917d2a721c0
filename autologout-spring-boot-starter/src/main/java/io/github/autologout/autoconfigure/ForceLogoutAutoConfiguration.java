package io.github.autologout.autoconfigure;

import java.time.Clock;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.HttpSessionIndex;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SpringSessionIndex;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.session.SessionRepository;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * force logout for the servlet container's own sessions: a {@link ForceLogoutService} over an
 * in-memory {@link HttpSessionIndex}, which Spring Boot registers as a session listener with its
 * embedded container.
 * <p>
 * Another session store takes part by defining its own {@link SessionIndex} bean.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	@ConditionalOnBean({ SessionRepository.class, SessionTracker.class })
	static class SpringSessionIndexConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionIndex.class)
		SpringSessionIndex<?> autoLogoutSessionIndex(SessionRepository<?> repository, SessionTracker tracker) {
			return new SpringSessionIndex<>(repository, tracker);
		}

	}

	@Bean
	@ConditionalOnMissingBean(SessionIndex.class)
	HttpSessionIndex autoLogoutHttpSessionIndex() {
		return new HttpSessionIndex();
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

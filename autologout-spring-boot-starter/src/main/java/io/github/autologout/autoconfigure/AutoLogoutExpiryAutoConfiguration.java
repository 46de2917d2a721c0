package io.github.autologout.autoconfigure;

import java.time.Clock;
import java.util.concurrent.Executor;

import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.expiry.SessionExpiryChecker;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.SpringSessionLookup;
import io.github.autologout.expiry.UserPresence;
import io.github.autologout.jdbc.JdbcSessionIndex;
import io.github.autologout.security.SessionEndPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * ends sessions past their deadline without waiting for a request, and tells who is online.
 */
@AutoConfiguration(after = { AutoLogoutSecurityAutoConfiguration.class, ForceLogoutAutoConfiguration.class },
		afterName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration" })
@ConditionalOnBean({ SessionEndPolicy.class, SessionTracker.class })
public final class AutoLogoutExpiryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionLookup.class)
	SessionExpiryChecker autoLogoutSessionExpiryChecker(SessionTracker tracker, SessionLookup sessions,
			SessionEndPolicy endPolicy, RevocationRegistry revocations, ApplicationEventPublisher events,
			ObjectProvider<Clock> clock, AutoLogoutProperties properties,
			@Qualifier("autoLogoutSessionExecutor") ObjectProvider<Executor> sessionExecutor) {
		SessionExpiryChecker checker = new SessionExpiryChecker(tracker, sessions, endPolicy, revocations, events,
				clock.getIfUnique(Clock::systemUTC));
		checker.setInterval(properties.getExpiryCheckInterval());
		// the executor that ends a force logout's Spring Session sessions also checks a due user's
		checker.setSessionExecutor(sessionExecutor.getIfAvailable());
		return checker;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionLookup.class)
	UserPresence autoLogoutUserPresence(SessionTracker tracker, SessionLookup sessions) {
		return new UserPresence(tracker, sessions);
	}

	/**
	 * Ordered first, so that its lookup makes {@link SpringSessionLookupConfiguration} back off:
	 * Spring Session JDBC's {@code deleteById} keeps sessions that never expire, and its
	 * {@code findByPrincipalName} reads all sessions of a due user in one query.
	 */
	@Configuration(proxyBeanMethods = false)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnClass(JdbcIndexedSessionRepository.class)
	@ConditionalOnBean({ JdbcIndexedSessionRepository.class, JdbcSessionIndex.class })
	static class JdbcSessionLookupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionLookup autoLogoutSessionLookup(JdbcIndexedSessionRepository repository, JdbcSessionIndex index) {
			SpringSessionLookup<?> lookup = new SpringSessionLookup<>(repository);
			lookup.setSessionIndex(index);
			lookup.setReadUsersAtOnce(true);
			return lookup;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	@ConditionalOnBean(SessionRepository.class)
	static class SpringSessionLookupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionLookup autoLogoutSessionLookup(SessionRepository<?> repository) {
			return new SpringSessionLookup<>(repository);
		}

	}

}

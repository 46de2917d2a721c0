package io.github.autologout.autoconfigure;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.session.SessionStoreUnavailableFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@link SessionStoreUnavailableFilter} in front of Spring Session's filter, so that an outage
 * of the session store is answered with {@code 503} rather than {@code 500}.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration" })
@ConditionalOnClass({ SessionRepositoryFilter.class, DataAccessResourceFailureException.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBean(SessionRepository.class)
public final class AutoLogoutSessionStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "autoLogoutSessionStoreUnavailableFilter")
	FilterRegistrationBean<SessionStoreUnavailableFilter> autoLogoutSessionStoreUnavailableFilter(
			ObjectProvider<AutoLogoutMessages> messages) {
		AutoLogoutMessages texts = messages.getIfUnique();
		FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				(texts != null) ? new SessionStoreUnavailableFilter(texts) : new SessionStoreUnavailableFilter());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
		return registration;
	}

}

package io.github.autologout.autoconfigure;

import io.github.autologout.actuate.AutoLogoutEndpoint;
import io.github.autologout.expiry.UserPresence;
import io.github.autologout.session.ForceLogoutService;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@code autologout} Actuator endpoint, when it is enabled and exposed.
 */
@AutoConfiguration(after = ForceLogoutAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(ForceLogoutService.class)
public final class AutoLogoutEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(AutoLogoutEndpoint.class)
	AutoLogoutEndpoint autoLogoutEndpoint(ForceLogoutService forceLogoutService,
			ObjectProvider<UserPresence> presence) {
		AutoLogoutEndpoint endpoint = new AutoLogoutEndpoint(forceLogoutService);
		endpoint.setPresence(presence.getIfUnique());
		return endpoint;
	}

}

package io.github.autologout.autoconfigure;

import java.util.concurrent.ConcurrentHashMap;

import io.github.autologout.session.SessionStoreUnavailableFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoLogoutSessionStoreAutoConfiguration}.
 */
class AutoLogoutSessionStoreAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AutoLogoutSessionStoreAutoConfiguration.class));

	@Test
	void springSessionStoreGetsTheFilterInFrontOfSpringSessionsFilter() {
		this.runner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("autoLogoutSessionStoreUnavailableFilter",
						FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(SessionStoreUnavailableFilter.class);
				assertThat(registration.getOrder()).isLessThan(SessionRepositoryFilter.DEFAULT_ORDER);
			});
	}

	@Test
	void containerSessionsGetNoFilter() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("autoLogoutSessionStoreUnavailableFilter"));
	}

}

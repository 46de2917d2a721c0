package io.github.autologout.autoconfigure;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.session.SessionStoreUnavailableFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
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
	void pageOfTheFilterHasTheApplicationsTexts() {
		StaticMessageSource messages = new StaticMessageSource();
		messages.addMessage("autologout.unavailable.title", Locale.ENGLISH, "Back soon");
		this.runner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.withBean(AutoLogoutMessages.class, () -> new AutoLogoutMessages(messages, null))
			.run((context) -> {
				SessionStoreUnavailableFilter filter = (SessionStoreUnavailableFilter) context
					.getBean("autoLogoutSessionStoreUnavailableFilter", FilterRegistrationBean.class)
					.getFilter();
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
				request.addHeader("Accept", "text/html");
				request.addPreferredLocale(Locale.ENGLISH);
				MockHttpServletResponse response = new MockHttpServletResponse();
				filter.doFilter(request, response, (req, res) -> {
					throw new QueryTimeoutException("timed out");
				});
				assertThat(response.getStatus()).isEqualTo(503);
				assertThat(response.getContentAsString()).contains("<title>Back soon</title>");
			});
	}

	@Test
	void containerSessionsGetNoFilter() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("autoLogoutSessionStoreUnavailableFilter"));
	}

}

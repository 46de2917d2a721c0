package io.github.autologout.session;

import java.util.List;

import io.github.autologout.security.AutoLogoutFilter;
import io.github.autologout.security.ClientDetails;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code autologout.record-client-details=true} the client of each request of a live session
 * is recorded in the session, by the {@link AutoLogoutFilter} itself: autologout adds one filter
 * to a chain, whatever it checks. The attributes it updates later are all written at login.
 */
@SpringBootTest(classes = ClientDetailsMockMvcTests.Application.class,
		properties = "autologout.record-client-details=true")
@AutoConfigureMockMvc
class ClientDetailsMockMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private FilterChainProxy filterChainProxy;

	@Test
	void getWhenRecordingClientDetailsThenSessionHasTheLatestAddressAndUserAgent() throws Exception {
		MockHttpSession session = MockMvcLogins.login(this.mvc, "user");

		this.mvc.perform(get("/").session(session).header(HttpHeaders.USER_AGENT, "Browser/1").with((request) -> {
			request.setRemoteAddr("203.0.113.7");
			return request;
		})).andExpect(status().isOk());
		assertThat(ClientDetails.read(session::getAttribute)).isEqualTo(new ClientDetails("203.0.113.7", "Browser/1"));

		this.mvc.perform(get("/").session(session).header(HttpHeaders.USER_AGENT, "Browser/2").with((request) -> {
			request.setRemoteAddr("198.51.100.9");
			return request;
		})).andExpect(status().isOk());
		assertThat(ClientDetails.read(session::getAttribute))
			.isEqualTo(new ClientDetails("198.51.100.9", "Browser/2"));
	}

	@Test
	void loginThenSessionHasTheClientDetailsTheFilterUpdatesLater() throws Exception {
		MockHttpSession session = MockMvcLogins.login(this.mvc, "user");

		// written at login, so that concurrent requests later update the attribute and never insert it
		assertThat(session.getAttribute(ClientDetails.ATTRIBUTE)).isEqualTo("127.0.0.1\n");
		assertThat(ClientDetails.read(session::getAttribute)).isEqualTo(new ClientDetails("127.0.0.1", null));
	}

	@Test
	void getWhenClientUnchangedThenDoesNotWriteTheAttributeAgain() throws Exception {
		MockHttpSession session = MockMvcLogins.login(this.mvc, "user");
		this.mvc.perform(get("/").session(session).header(HttpHeaders.USER_AGENT, "Browser/1"))
			.andExpect(status().isOk());
		Object recorded = session.getAttribute(ClientDetails.ATTRIBUTE);

		this.mvc.perform(get("/").session(session).header(HttpHeaders.USER_AGENT, "Browser/1"))
			.andExpect(status().isOk());

		assertThat(session.getAttribute(ClientDetails.ATTRIBUTE)).isSameAs(recorded);
	}

	@Test
	void readWhenAttributeIsForeignThenReportsNothing() {
		assertThat(ClientDetails.read((name) -> 42)).isEqualTo(new ClientDetails(null, null));
		assertThat(ClientDetails.read((name) -> "no separator")).isEqualTo(new ClientDetails(null, null));
		assertThat(ClientDetails.read((name) -> "\nFirefox")).isEqualTo(new ClientDetails(null, "Firefox"));
	}

	@Test
	void getWhenUserAgentIsLongThenRecordsItShortened() throws Exception {
		MockHttpSession session = MockMvcLogins.login(this.mvc, "user");

		this.mvc.perform(get("/").session(session).header(HttpHeaders.USER_AGENT, "x".repeat(1000)))
			.andExpect(status().isOk());

		assertThat(ClientDetails.read(session::getAttribute).userAgent()).hasSize(ClientDetails.MAX_USER_AGENT_LENGTH);
	}

	@Test
	void chainWithAccountCheckAndClientDetailsHasOneAutoLogoutFilter() {
		SecurityFilterChain chain = this.filterChainProxy.getFilterChains().get(1);
		List<String> autologoutFilters = chain.getFilters()
			.stream()
			.map(Filter::getClass)
			.filter((type) -> type.getPackageName().startsWith("io.github.autologout"))
			.map(Class::getSimpleName)
			.toList();

		assertThat(autologoutFilters).containsExactly("AutoLogoutFilter");
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FormLoginChain.class })
	static class Application {

	}

}

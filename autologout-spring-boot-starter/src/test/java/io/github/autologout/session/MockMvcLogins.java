package io.github.autologout.session;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Form logins as a browser makes them: the login page's CSRF token starts the session, which
 * then authenticates.
 */
final class MockMvcLogins {

	private MockMvcLogins() {
	}

	static MockHttpSession login(MockMvc mvc, String username) throws Exception {
		return (MockHttpSession) loginResult(mvc, username, false).getRequest().getSession(false);
	}

	static MvcResult loginResult(MockMvc mvc, String username, boolean rememberMe) throws Exception {
		MockHttpSession session = (MockHttpSession) mvc.perform(get("/login")).andReturn().getRequest().getSession(false);
		MockHttpServletRequestBuilder login = post("/login").param("username", username)
			.param("password", ForceLogoutTestApplication.PASSWORD)
			.with(csrf())
			.session(session);
		if (rememberMe) {
			login.param("remember-me", "on");
		}
		return mvc.perform(login).andExpect(authenticated().withUsername(username)).andReturn();
	}

}

package io.github.autologout.session;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

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

	/**
	 * Sends the session's cookie as a browser does: the session while the container still has
	 * it, and afterwards its id alone, which the container reports as a requested id that is no
	 * longer valid.
	 */
	static RequestPostProcessor sessionCookie(MockHttpSession session) {
		return (request) -> {
			request.setRequestedSessionId(session.getId());
			request.setRequestedSessionIdValid(!session.isInvalid());
			if (!session.isInvalid()) {
				request.setSession(session);
			}
			return request;
		};
	}

	/**
	 * Ends the sessions of earlier tests of a shared context, as their servlet container would
	 * have by now: MockMvc's sessions never expire.
	 */
	static void endEverySession(HttpSessionIndex index) {
		index.users()
			.forEach((user) -> index.findByUsername(user.username())
				.forEach((session) -> index.invalidate(session.id())));
	}

}

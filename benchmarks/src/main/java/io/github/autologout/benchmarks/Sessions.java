package io.github.autologout.benchmarks;

import java.time.Instant;
import java.util.List;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.security.SessionTimesAttributes;
import jakarta.servlet.http.HttpSession;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Sessions and requests as a servlet container would hand them to the filters.
 */
final class Sessions {

	static final String USERNAME = "user";

	private Sessions() {
	}

	static SecurityContext securityContext() {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(USERNAME, null,
				List.of(new SimpleGrantedAuthority("ROLE_USER"))));
	}

	/**
	 * An authenticated session with autologout's attributes as the filter writes them.
	 * @param id the session id
	 * @param authenticatedAt when it authenticated
	 * @param lastActivity its last real activity
	 * @return the session
	 */
	static MockHttpSession authenticated(String id, Instant authenticatedAt, Instant lastActivity) {
		MockHttpSession session = new MockHttpSession(null, id);
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, securityContext());
		SessionTimesAttributes.write(session::setAttribute, SessionTimes.of(authenticatedAt, lastActivity));
		return session;
	}

	static MockHttpServletRequest get(String uri, HttpSession session) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setServletPath(uri);
		request.setSession(session);
		request.setRequestedSessionId(session.getId());
		request.setRequestedSessionIdValid(true);
		return request;
	}

}

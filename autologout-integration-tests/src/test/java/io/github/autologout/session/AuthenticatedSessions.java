package io.github.autologout.session;

import java.util.function.Consumer;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Sessions saved straight into a Spring Session repository with a user's security context, as
 * a login leaves them, without a request.
 */
public final class AuthenticatedSessions {

	private AuthenticatedSessions() {
	}

	/**
	 * Saves a new session of the user.
	 * @param repository the repository
	 * @param username the user
	 * @return the session's id
	 */
	public static <S extends Session> String save(SessionRepository<S> repository, String username) {
		return save(repository, username, (session) -> {
		});
	}

	/**
	 * Saves a new session of the user, with whatever else the test sets on it first.
	 * @param repository the repository
	 * @param username the user
	 * @param more sets the session's other attributes and times before it is saved
	 * @return the session's id
	 */
	public static <S extends Session> String save(SessionRepository<S> repository, String username,
			Consumer<? super S> more) {
		S session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(username, null,
						AuthorityUtils.createAuthorityList("ROLE_USER"))));
		more.accept(session);
		repository.save(session);
		return session.getId();
	}

}

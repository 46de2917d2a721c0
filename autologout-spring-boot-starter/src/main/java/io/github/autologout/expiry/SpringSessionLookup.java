package io.github.autologout.expiry;

import java.util.Optional;

import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.SessionIndex;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A {@link SessionLookup} over a Spring Session {@link SessionRepository}, such as Redis or JDBC.
 *
 * @param <S> the type of the repository's sessions
 */
public final class SpringSessionLookup<S extends Session> implements SessionLookup {

	private final SessionRepository<S> repository;

	private @Nullable SessionIndex sessionIndex;

	/**
	 * Creates a lookup.
	 * @param repository the application's session repository
	 */
	public SpringSessionLookup(SessionRepository<S> repository) {
		this.repository = repository;
	}

	/**
	 * Ends sessions through the given index rather than the repository's {@code deleteById}; the
	 * {@link io.github.autologout.jdbc.JdbcSessionIndex} also ends sessions that never expire,
	 * which Spring Session JDBC's {@code deleteById} keeps.
	 * @param sessionIndex the index, or {@code null} to delete through the repository
	 */
	public void setSessionIndex(@Nullable SessionIndex sessionIndex) {
		this.sessionIndex = sessionIndex;
	}

	@Override
	public Optional<StoredSession> find(String sessionId) {
		S session = this.repository.findById(sessionId);
		if (session == null) {
			return Optional.empty();
		}
		Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		if (!(context instanceof SecurityContext securityContext) || securityContext.getAuthentication() == null) {
			return Optional.empty();
		}
		Authentication authentication = securityContext.getAuthentication();
		return Optional.of(new StoredSession(sessionId, authentication,
				SessionTimesAttributes.read(session::getAttribute)));
	}

	@Override
	public void delete(String sessionId) {
		if (this.sessionIndex != null) {
			this.sessionIndex.invalidate(sessionId);
		}
		else {
			this.repository.deleteById(sessionId);
		}
	}

}

package io.github.autologout.expiry;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.SessionIndex;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A {@link SessionLookup} over a Spring Session {@link SessionRepository}, such as Redis or JDBC.
 *
 * @param <S> the type of the repository's sessions
 */
public final class SpringSessionLookup<S extends Session> implements SessionLookup {

	/**
	 * The most sessions read at once: a user with more is read one session at a time, so that a
	 * check never holds more than a few megabytes of one user's sessions.
	 */
	static final int MAX_READ_AT_ONCE = 5_000;

	private final SessionRepository<S> repository;

	private @Nullable SessionIndex sessionIndex;

	private boolean readUsersAtOnce;

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

	/**
	 * Sets whether the sessions of one user are read with the repository's
	 * {@code findByPrincipalName}, which Spring Session JDBC answers with one query, rather than
	 * one by one; Spring Session Redis reads them one after the other either way.
	 * @param readUsersAtOnce whether to read a user's sessions with one {@code findByPrincipalName}
	 */
	public void setReadUsersAtOnce(boolean readUsersAtOnce) {
		this.readUsersAtOnce = readUsersAtOnce;
	}

	@Override
	public Optional<StoredSession> find(String sessionId) {
		return describe(this.repository.findById(sessionId));
	}

	/**
	 * Reads all sessions of the user with one {@code findByPrincipalName} where
	 * {@link #setReadUsersAtOnce(boolean) enabled} and at most {@value #MAX_READ_AT_ONCE} are
	 * asked for; it finds too a session whose security context cannot be read, which a guarded
	 * {@code findById} does not ({@link io.github.autologout.session.GuardedSessionRepository}),
	 * so that it is ended at its deadline. A session it finds expired has ended, as
	 * {@code findById} would tell; one it does not find (gone since, or no longer the user's) or
	 * finds without its security context (which a query the application set in place of the one
	 * that keeps a session's rows together can return) is read again by id.
	 */
	@Override
	public Function<String, Optional<StoredSession>> readerOf(String username, Collection<String> sessionIds) {
		if (!this.readUsersAtOnce || sessionIds.isEmpty() || sessionIds.size() > MAX_READ_AT_ONCE
				|| !(this.repository instanceof FindByIndexNameSessionRepository<?> indexed)) {
			return this::find;
		}
		Map<String, ? extends Session> found = indexed.findByPrincipalName(username);
		return (sessionId) -> {
			Session session = found.get(sessionId);
			if (session != null && session.isExpired()) {
				return Optional.empty();
			}
			return (session != null && hasSecurityContext(session)) ? describe(session) : find(sessionId);
		};
	}

	private Optional<StoredSession> describe(@Nullable Session session) {
		if (session == null) {
			return Optional.empty();
		}
		if (!(securityContext(session) instanceof SecurityContext securityContext)
				|| securityContext.getAuthentication() == null) {
			return Optional.empty();
		}
		Authentication authentication = securityContext.getAuthentication();
		return Optional.of(new StoredSession(session.getId(), authentication,
				SessionTimesAttributes.read(session::getAttribute)));
	}

	/** Whether the session has a security context, readable or not. */
	private static boolean hasSecurityContext(Session session) {
		try {
			return securityContext(session) != null;
		}
		catch (UnreadableSessionException ex) {
			return true;
		}
	}

	private static @Nullable Object securityContext(Session session) {
		try {
			return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		}
		catch (RuntimeException ex) {
			// a store that cannot deserialize it (Spring Session JDBC reads each attribute lazily)
			throw new UnreadableSessionException(ex);
		}
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

package io.github.autologout.session;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Makes a Spring Session repository look up nothing for the session ids and index values (user
 * names) that its store cannot hold or would read as something else: such an input, which only
 * a forged cookie or header or an odd name given to an administrator's force logout has, is found
 * by no lookup, as an unknown one is, where the store would fail the request with a
 * {@code 500}. On Redis an id with a colon names another key than a session's; PostgreSQL
 * refuses text with a NUL character in any query.
 * <p>
 * Where given its {@link UnreadableSessionFailure}, it also makes {@code findById} find no
 * session that this application cannot read, such as one saved before an upgrade that changed
 * the classes in it, rather than fail each of its requests with a {@code 500}. Such a session is
 * left in the store, for the nodes that can read it and the store's own expiry. And it lets a
 * request of a session that was deleted while it ran end without saving the session again, as
 * the stores refuse to, rather than fail. Applied by a {@link GuardedSessionRepositoryPostProcessor}.
 */
public final class GuardedSessionRepository implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(GuardedSessionRepository.class);

	/** The SQL states of a foreign key violation: the standard one, and H2's for a missing parent row. */
	private static final Set<String> FOREIGN_KEY_VIOLATIONS = Set.of("23503", "23506");

	private final Predicate<String> acceptedIds;

	private final Predicate<String> acceptedIndexValues;

	private final @Nullable UnreadableSessionFailure unreadableSessionFailure;

	/** A client that keeps sending the cookie of an unreadable session looks it up at each request. */
	private final ThrottledWarning unreadableSessionWarning = new ThrottledWarning(logger, Duration.ofMinutes(1),
			Clock.systemUTC());

	GuardedSessionRepository(Predicate<String> acceptedIds, Predicate<String> acceptedIndexValues,
			@Nullable UnreadableSessionFailure unreadableSessionFailure) {
		this.acceptedIds = acceptedIds;
		this.acceptedIndexValues = acceptedIndexValues;
		this.unreadableSessionFailure = unreadableSessionFailure;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 1 && arguments[0] instanceof Session session
				&& invocation.getMethod().getName().equals("save")) {
			return saveUnlessDeleted(invocation, session);
		}
		String last = (arguments.length > 0 && arguments[arguments.length - 1] instanceof String text) ? text : null;
		if (last == null) {
			return invocation.proceed();
		}
		return switch (invocation.getMethod().getName()) {
			case "findById" -> this.acceptedIds.test(last) ? findReadable(invocation) : null;
			case "deleteById" -> this.acceptedIds.test(last) ? invocation.proceed() : null;
			case "findByPrincipalName", "findByIndexNameAndIndexValue" ->
				this.acceptedIndexValues.test(last) ? invocation.proceed() : Map.of();
			default -> invocation.proceed();
		};
	}

	/**
	 * Saves the session, but for a session that was deleted from the store while a request of it
	 * ran, ended by a force logout or by its user's logout on another request: the stores refuse
	 * to save such a session again (Redis: "Session was invalidated"; JDBC: the foreign key of its
	 * attributes), which failed that request, admitted before the end, with a {@code 500}, or cut
	 * its page off where the save came with the response's commit. The session stays deleted.
	 */
	private @Nullable Object saveUnlessDeleted(MethodInvocation invocation, Session session) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (RuntimeException ex) {
			if (!isSaveOfADeletedSession(ex) || !(invocation.getThis() instanceof SessionRepository<?> repository)
					|| isStored(repository, session.getId(), ex)) {
				throw ex;
			}
			logger.debug("Did not save a session that was deleted while a request of it ran: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Whether a save failed as Spring Session's stores fail to save a session that was deleted:
	 * Redis with an {@link IllegalStateException}, JDBC with a foreign key violation, which a new
	 * session, saved with its own row first, cannot have.
	 */
	private static boolean isSaveOfADeletedSession(RuntimeException ex) {
		if (ex instanceof IllegalStateException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// a pool reports a connection it has closed without a state, which Set.of cannot look up
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& FOREIGN_KEY_VIOLATIONS.contains(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/** Whether the store still holds the session; a lookup that fails counts as holding it. */
	private static boolean isStored(SessionRepository<?> repository, String sessionId, RuntimeException failure) {
		try {
			return repository.findById(sessionId) != null;
		}
		catch (RuntimeException lookupFailure) {
			failure.addSuppressed(lookupFailure);
			return true;
		}
	}

	private @Nullable Object findReadable(MethodInvocation invocation) throws Throwable {
		UnreadableSessionFailure unreadable = this.unreadableSessionFailure;
		if (unreadable == null) {
			return invocation.proceed();
		}
		try {
			Object found = invocation.proceed();
			if (unreadable.onFirstRead() && found instanceof Session session) {
				// read here, as the session's next request would read it first
				session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			}
			return found;
		}
		catch (RuntimeException ex) {
			if (!unreadable.isFailure().test(ex)) {
				throw ex;
			}
			// the id is the session's secret, so it is not logged
			this.unreadableSessionWarning
				.log("Found no session where the store holds one that this application cannot read: " + ex.getMessage());
			return null;
		}
	}

}

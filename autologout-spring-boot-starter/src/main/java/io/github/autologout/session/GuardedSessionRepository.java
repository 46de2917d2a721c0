package io.github.autologout.session;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * A session that this application cannot read is found by no lookup either, rather than failing
 * each of its requests with a {@code 500}: one whose store cannot deserialize it (Redis reads a
 * whole session at once) or its security context (Spring Session JDBC reads each attribute when
 * it is first asked for), as after an upgrade that changed their classes. It signs in no one, so
 * it is deleted where the repository can delete it without reading it (Spring Session JDBC, the
 * default Redis repository), and its store expires it otherwise. Applied by a
 * {@link GuardedSessionRepositoryPostProcessor}.
 */
public final class GuardedSessionRepository implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(GuardedSessionRepository.class);

	private final Predicate<String> acceptedIds;

	private final Predicate<String> acceptedIndexValues;

	private final @Nullable Class<? extends RuntimeException> unreadableSession;

	GuardedSessionRepository(Predicate<String> acceptedIds, Predicate<String> acceptedIndexValues,
			@Nullable Class<? extends RuntimeException> unreadableSession) {
		this.acceptedIds = acceptedIds;
		this.acceptedIndexValues = acceptedIndexValues;
		this.unreadableSession = unreadableSession;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		String last = (arguments.length > 0 && arguments[arguments.length - 1] instanceof String text) ? text : null;
		if (last == null) {
			return invocation.proceed();
		}
		return switch (invocation.getMethod().getName()) {
			case "findById" -> this.acceptedIds.test(last) ? findReadable(invocation, last) : null;
			case "deleteById" -> this.acceptedIds.test(last) ? invocation.proceed() : null;
			case "findByPrincipalName", "findByIndexNameAndIndexValue" ->
				this.acceptedIndexValues.test(last) ? withoutUnreadable(invocation) : Map.of();
			default -> invocation.proceed();
		};
	}

	private @Nullable Object findReadable(MethodInvocation invocation, String sessionId) throws Throwable {
		try {
			Object found = invocation.proceed();
			if (found instanceof Session session && !isReadable(session)) {
				deleteUnreadable(invocation, sessionId);
				return null;
			}
			return found;
		}
		catch (RuntimeException ex) {
			if (!isUnreadableSessionFailure(ex)) {
				throw ex;
			}
			warnOfUnreadable(ex);
			deleteUnreadable(invocation, sessionId);
			return null;
		}
	}

	private @Nullable Object withoutUnreadable(MethodInvocation invocation) throws Throwable {
		Object found = invocation.proceed();
		if (!(found instanceof Map<?, ?> sessions)) {
			return found;
		}
		Map<Object, Object> readable = new LinkedHashMap<>();
		sessions.forEach((id, session) -> {
			if (session instanceof Session s && !isReadable(s)) {
				deleteUnreadable(invocation, s.getId());
			}
			else {
				readable.put(id, session);
			}
		});
		return (readable.size() == sessions.size()) ? found : readable;
	}

	/**
	 * Deletes a session that this application cannot read through the repository itself, which
	 * the indexed Redis repository cannot do without reading it; such a session expires instead.
	 */
	private void deleteUnreadable(MethodInvocation invocation, String sessionId) {
		if (!(invocation.getThis() instanceof SessionRepository<?> repository)) {
			return;
		}
		try {
			repository.deleteById(sessionId);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not delete a session that this application cannot read; it expires in its store", ex);
		}
	}

	/**
	 * Whether the session's security context can be read, reading it as the session's next request
	 * would; the store keeps what it read.
	 */
	private boolean isReadable(Session session) {
		if (this.unreadableSession == null) {
			return true;
		}
		try {
			session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			return true;
		}
		catch (RuntimeException ex) {
			if (!isUnreadableSessionFailure(ex)) {
				throw ex;
			}
			warnOfUnreadable(ex);
			return false;
		}
	}

	private boolean isUnreadableSessionFailure(RuntimeException ex) {
		return this.unreadableSession != null && this.unreadableSession.isInstance(ex);
	}

	private static void warnOfUnreadable(RuntimeException ex) {
		// the id is the session's secret, so it is not logged
		logger.warn("Ending a session that this application cannot read: " + ex.getMessage());
	}

}

package io.github.autologout.session;

import java.util.Map;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes a Spring Session repository look up nothing for the session ids and index values (user
 * names) that its store cannot hold or would read as something else: such an input, which only
 * a forged cookie or header or an odd name given to an administrator's force logout has, is found
 * by no lookup, as an unknown one is, where the store would fail the request with a
 * {@code 500}. On Redis an id with a colon names another key than a session's; PostgreSQL
 * refuses text with a NUL character in any query. Where a store reads a whole session at once,
 * as Redis does, a session that this application cannot read (an attribute of a class it no
 * longer has, or corrupt bytes) is found by no lookup either: it is ended for this application,
 * rather than failing each of its requests, its listing and its user's force logout. Applied by
 * a {@link GuardedSessionRepositoryPostProcessor}.
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
			case "findById" -> this.acceptedIds.test(last) ? findReadable(invocation) : null;
			case "deleteById" -> this.acceptedIds.test(last) ? invocation.proceed() : null;
			case "findByPrincipalName", "findByIndexNameAndIndexValue" ->
				this.acceptedIndexValues.test(last) ? invocation.proceed() : Map.of();
			default -> invocation.proceed();
		};
	}

	private @Nullable Object findReadable(MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (RuntimeException ex) {
			if (this.unreadableSession == null || !this.unreadableSession.isInstance(ex)) {
				throw ex;
			}
			// the id is the session's secret, so it is not logged
			logger.warn("Treating a session that this application cannot read as ended: " + ex.getMessage());
			return null;
		}
	}

}

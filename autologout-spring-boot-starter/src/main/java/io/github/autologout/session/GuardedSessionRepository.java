package io.github.autologout.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;

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
 * left in the store, for the nodes that can read it and the store's own expiry. Applied by a
 * {@link GuardedSessionRepositoryPostProcessor}.
 */
public final class GuardedSessionRepository implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(GuardedSessionRepository.class);

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

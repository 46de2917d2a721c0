package io.github.autologout.session;

import java.util.Map;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;


/**
 * Makes a Spring Session repository look up nothing for the session ids and index values (user
 * names) that its store cannot hold or would read as something else: such an input, which only
 * a forged cookie or header or an odd name given to an administrator's force logout has, is found
 * by no lookup, as an unknown one is, where the store would fail the request with a
 * {@code 500}. On Redis an id with a colon names another key than a session's; PostgreSQL
 * refuses text with a NUL character in any query. Applied by a
 * {@link GuardedSessionRepositoryPostProcessor}.
 */
public final class GuardedSessionRepository implements MethodInterceptor {

	private final Predicate<String> acceptedIds;

	private final Predicate<String> acceptedIndexValues;

	GuardedSessionRepository(Predicate<String> acceptedIds, Predicate<String> acceptedIndexValues) {
		this.acceptedIds = acceptedIds;
		this.acceptedIndexValues = acceptedIndexValues;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		String last = (arguments.length > 0 && arguments[arguments.length - 1] instanceof String text) ? text : null;
		if (last == null) {
			return invocation.proceed();
		}
		return switch (invocation.getMethod().getName()) {
			case "findById", "deleteById" -> this.acceptedIds.test(last) ? invocation.proceed() : null;
			case "findByPrincipalName", "findByIndexNameAndIndexValue" ->
				this.acceptedIndexValues.test(last) ? invocation.proceed() : Map.of();
			default -> invocation.proceed();
		};
	}

}

package io.github.autologout.redis;

import java.util.Set;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.session.SessionRepository;

/**
 * Makes a Redis session repository look up only ids that cannot name another Redis key than a
 * session's. Spring Session's Redis repositories read a session from the key
 * {@code <namespace>:sessions:<id>}, so a forged session id, from a cookie or from a header an
 * application reads ids from, could name another key there: {@code expires:<id of a live
 * session>} names the indexed repository's expiry key of that session, a string, and
 * {@code expirations} the sorted set of its opt-in expiration store, whose reads fail every
 * request that carries the id with a {@code WRONGTYPE} error and a {@code 500}. Such an id is
 * found by no lookup, as an unknown one is; Spring Session's own ids, UUIDs, are never such names.
 */
public final class RedisKeySafeSessionRepository implements MethodInterceptor {

	/** The repository's methods that read or delete the key that an id names. */
	private static final Set<String> BY_ID = Set.of("findById", "deleteById");

	private RedisKeySafeSessionRepository() {
	}

	/**
	 * Wraps a repository in a proxy of its own class, so that it can still be injected by that
	 * class, whose {@code findById} finds nothing and whose {@code deleteById} deletes nothing for
	 * an id that would name another key.
	 * @param <R> the type of the repository
	 * @param repository a Redis session repository
	 * @return the proxy
	 */
	@SuppressWarnings("unchecked")
	public static <R extends SessionRepository<?>> R keySafe(R repository) {
		ProxyFactory proxy = new ProxyFactory(repository);
		proxy.setProxyTargetClass(true);
		proxy.addAdvice(new RedisKeySafeSessionRepository());
		return (R) proxy.getProxy(repository.getClass().getClassLoader());
	}

	/**
	 * Whether an id can only name a session's key.
	 * @param id a session id read from a request
	 * @return {@code false} for an id with a colon, or the name of the expiration store's set
	 */
	static boolean namesOnlyASession(String id) {
		return id.indexOf(':') < 0 && !"expirations".equals(id);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (BY_ID.contains(invocation.getMethod().getName()) && arguments.length == 1
				&& arguments[0] instanceof String id && !namesOnlyASession(id)) {
			return null;
		}
		return invocation.proceed();
	}

}

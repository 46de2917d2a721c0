package io.github.autologout.redis;

import java.lang.reflect.Modifier;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.session.web.http.CookieSerializer;

/**
 * Makes a session cookie's serializer read only ids that cannot name another Redis key than a
 * session's. Spring Session's Redis repositories read a session from the key
 * {@code <namespace>:sessions:<id>}, so a forged cookie could name another key there:
 * {@code expires:<id of a live session>} names the indexed repository's expiry key of that
 * session, a string, and {@code expirations} the sorted set of its opt-in expiration store, whose
 * reads fail every request that carries the cookie with a {@code WRONGTYPE} error and a
 * {@code 500}. Spring Session's own ids, UUIDs, are never such names.
 */
public final class RedisKeySafeCookieSerializer implements MethodInterceptor {

	private RedisKeySafeCookieSerializer() {
	}

	/**
	 * Wraps a serializer in a proxy of its own class where it can, so that it can still be
	 * injected by that class, whose {@code readCookieValues} leaves out the ids that would name
	 * other keys.
	 * @param serializer the serializer of the session cookie
	 * @return the proxy
	 */
	public static CookieSerializer keySafe(CookieSerializer serializer) {
		ProxyFactory proxy = new ProxyFactory(serializer);
		proxy.setProxyTargetClass(!Modifier.isFinal(serializer.getClass().getModifiers()));
		proxy.addAdvice(new RedisKeySafeCookieSerializer());
		return (CookieSerializer) proxy.getProxy(serializer.getClass().getClassLoader());
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
		Object result = invocation.proceed();
		if (!"readCookieValues".equals(invocation.getMethod().getName()) || !(result instanceof List<?> ids)) {
			return result;
		}
		return ids.stream().filter((id) -> id instanceof String name && namesOnlyASession(name)).toList();
	}

}

package io.github.autologout.session;

import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;

/**
 * Guards the session repository beans of the given classes with a
 * {@link GuardedSessionRepository}: in a proxy of their own class, so that they can still be
 * injected by it, or in the proxy that a bean already is.
 */
public class GuardedSessionRepositoryPostProcessor extends AbstractAdvisingBeanPostProcessor {

	/**
	 * Creates the post-processor.
	 * @param repositoryTypes the classes of the repositories to guard
	 * @param acceptedIds the ids that the store can look up
	 * @param acceptedIndexValues the index values (user names) that the store can look up
	 */
	public GuardedSessionRepositoryPostProcessor(List<Class<?>> repositoryTypes, Predicate<String> acceptedIds,
			Predicate<String> acceptedIndexValues) {
		this(repositoryTypes, acceptedIds, acceptedIndexValues, null);
	}

	/**
	 * Creates the post-processor for a store whose {@code findById} finds no session that the
	 * application cannot read.
	 * @param repositoryTypes the classes of the repositories to guard
	 * @param acceptedIds the ids that the store can look up
	 * @param acceptedIndexValues the index values (user names) that the store can look up
	 * @param unreadableSessionFailure how the store fails to read such a session, or {@code null}
	 * to leave such failures to the caller
	 */
	public GuardedSessionRepositoryPostProcessor(List<Class<?>> repositoryTypes, Predicate<String> acceptedIds,
			Predicate<String> acceptedIndexValues, @Nullable UnreadableSessionFailure unreadableSessionFailure) {
		ClassFilter guarded = (type) -> repositoryTypes.stream()
			.anyMatch((repositoryType) -> repositoryType.isAssignableFrom(type));
		this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(guarded),
				new GuardedSessionRepository(acceptedIds, acceptedIndexValues, unreadableSessionFailure));
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
	}

}

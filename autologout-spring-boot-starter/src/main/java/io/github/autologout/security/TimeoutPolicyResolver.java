package io.github.autologout.security;

import io.github.autologout.core.TimeoutPolicy;

import org.springframework.security.core.Authentication;

/**
 * Chooses the timeout policy of an authenticated user. Define a bean of this type for custom
 * rules, such as a policy read from the user's profile.
 */
@FunctionalInterface
public interface TimeoutPolicyResolver {

	/**
	 * The policy that applies to the given user's sessions.
	 * @param authentication an authenticated, non-anonymous user
	 * @return the policy, never {@code null}
	 */
	TimeoutPolicy resolve(Authentication authentication);

}

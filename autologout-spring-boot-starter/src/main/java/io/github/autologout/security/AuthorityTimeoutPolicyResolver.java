package io.github.autologout.security;

import java.util.Map;

import io.github.autologout.core.TimeoutPolicy;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * A {@link TimeoutPolicyResolver} that picks policies by granted authority.
 * <p>
 * A user with several matching authorities gets the strictest of their policies; a user with
 * none gets the default policy.
 */
public final class AuthorityTimeoutPolicyResolver implements TimeoutPolicyResolver {

	private final TimeoutPolicy defaultPolicy;

	private final Map<String, TimeoutPolicy> policies;

	/**
	 * Creates a resolver.
	 * @param defaultPolicy the policy of users that no authority matches
	 * @param policies policies by authority, such as {@code ROLE_ADMIN}
	 */
	public AuthorityTimeoutPolicyResolver(TimeoutPolicy defaultPolicy, Map<String, TimeoutPolicy> policies) {
		Assert.notNull(defaultPolicy, "defaultPolicy must not be null");
		Assert.notNull(policies, "policies must not be null");
		this.defaultPolicy = defaultPolicy;
		this.policies = Map.copyOf(policies);
	}

	@Override
	public TimeoutPolicy resolve(Authentication authentication) {
		if (this.policies.isEmpty()) {
			return this.defaultPolicy;
		}
		TimeoutPolicy result = null;
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			TimeoutPolicy policy = (authority.getAuthority() != null) ? this.policies.get(authority.getAuthority())
					: null;
			if (policy != null) {
				result = (result != null) ? result.strictest(policy) : policy;
			}
		}
		return (result != null) ? result : this.defaultPolicy;
	}

}

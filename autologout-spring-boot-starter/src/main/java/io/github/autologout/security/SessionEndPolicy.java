package io.github.autologout.security;

import java.time.Instant;
import java.util.Optional;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;

import org.springframework.security.core.Authentication;

/**
 * Decides whether an authenticated session has ended: revoked first, then past its idle or
 * absolute deadline. The filter asks on every request, the expiry checker without one.
 */
public final class SessionEndPolicy {

	private final TimeoutPolicyResolver policyResolver;

	private final RevocationRegistry revocations;

	/**
	 * Creates the policy.
	 * @param policyResolver chooses each user's timeout policy
	 * @param revocations the revoked users and sessions
	 */
	public SessionEndPolicy(TimeoutPolicyResolver policyResolver, RevocationRegistry revocations) {
		this.policyResolver = policyResolver;
		this.revocations = revocations;
	}

	/**
	 * The timeout policy of the user.
	 * @param authentication an authenticated user
	 * @return the policy
	 */
	public TimeoutPolicy policy(Authentication authentication) {
		return this.policyResolver.resolve(authentication);
	}

	/**
	 * Why the session has ended, if it has.
	 * @param authentication the session's user
	 * @param times the session's times
	 * @param now the current instant
	 * @return the reason, or empty while the session may go on
	 */
	public Optional<LogoutReason> endReason(Authentication authentication, SessionTimes times, Instant now) {
		return endReason(authentication.getName(), policy(authentication), times, now);
	}

	/**
	 * Why the session has ended, if it has, for a caller that resolved the policy already.
	 * @param username the name of the session's user
	 * @param policy the user's timeout policy
	 * @param times the session's times
	 * @param now the current instant
	 * @return the reason, or empty while the session may go on
	 */
	public Optional<LogoutReason> endReason(String username, TimeoutPolicy policy, SessionTimes times, Instant now) {
		Optional<Revocation> revocation = this.revocations.find(username, times.authenticatedAt());
		if (revocation.isPresent()) {
			return Optional.of(revocation.get().reason());
		}
		return policy.expiryReason(times, now);
	}

}

package io.github.autologout.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Looks each user up again at most once per interval and revokes the user's sessions with
 * {@link LogoutReason#DISABLED} if the account is now disabled, locked, expired or deleted.
 * <p>
 * The {@link AutoLogoutFilter} runs it before it checks the session, and so ends the session on
 * the same request; it is part of that filter rather than a filter of its own, because every
 * filter of a chain costs on each request (Spring Security observes each one when an
 * {@code ObservationRegistry} is present). Only users whose principal is a {@link UserDetails}
 * are checked, because only they came from a {@link UserDetailsService}. A lookup that fails for
 * another reason than an unknown user leaves the sessions alone until the next check.
 * <p>
 * The instants of the last checks are kept per user in this node's memory, not in the session:
 * a session attribute would cost every request of every session a deserialization on a shared
 * session store, and the check is about the account, not the session. So each node checks a user
 * at most once per interval, whatever the number of the user's sessions, and a node that has not
 * seen a user yet (after a restart, or on another node than the login's) checks at the user's
 * first request. Users not seen for an interval are forgotten.
 */
final class AccountStatusCheck {

	private static final Log logger = LogFactory.getLog(AccountStatusCheck.class);

	private final UserDetailsService userDetailsService;

	private final long intervalMillis;

	private final RevocationRegistry revocations;

	private final Clock clock;

	private final Map<String, Long> lastChecks = new ConcurrentHashMap<>();

	private final AtomicLong nextCleanup = new AtomicLong(Long.MIN_VALUE);

	AccountStatusCheck(UserDetailsService userDetailsService, Duration interval, RevocationRegistry revocations,
			Clock clock) {
		this.userDetailsService = userDetailsService;
		this.intervalMillis = interval.toMillis();
		this.revocations = revocations;
		this.clock = clock;
	}

	/**
	 * Checks the account of the authenticated user if this node has not checked it for an interval.
	 * @param authentication the authenticated user of a session
	 */
	void checkIfDue(Authentication authentication) {
		if (!authentication.isAuthenticated() || !(authentication.getPrincipal() instanceof UserDetails)) {
			return;
		}
		String username = authentication.getName();
		long now = this.clock.millis();
		if (!claimCheck(username, now)) {
			return;
		}
		forgetUsersNotSeenSince(now - this.intervalMillis, now);
		if (!isActive(username)) {
			this.revocations.revokeUser(username, new Revocation(Instant.ofEpochMilli(now), LogoutReason.DISABLED));
		}
	}

	/**
	 * Records that the user's account was checked now, as a login does.
	 * @param username the user that authenticated
	 */
	void checked(String username) {
		this.lastChecks.put(username, this.clock.millis());
	}

	/**
	 * Whether a check of the user is due and this caller, not a concurrent one, is to run it.
	 */
	private boolean claimCheck(String username, long now) {
		Long last = this.lastChecks.get(username);
		if (last == null) {
			return this.lastChecks.putIfAbsent(username, now) == null;
		}
		// a check recorded in the future (the clock went back) is due too, rather than never
		if (now >= last && now - last < this.intervalMillis) {
			return false;
		}
		return this.lastChecks.replace(username, last, now);
	}

	/**
	 * Drops, at most once per interval, the users whose last check is older than the given
	 * instant: they are due anyway, so this changes nothing but the memory held.
	 */
	private void forgetUsersNotSeenSince(long oldest, long now) {
		long next = this.nextCleanup.get();
		if (now >= next && this.nextCleanup.compareAndSet(next, now + this.intervalMillis)) {
			this.lastChecks.values().removeIf((checkedAt) -> checkedAt < oldest);
		}
	}

	private boolean isActive(String username) {
		try {
			UserDetails user = this.userDetailsService.loadUserByUsername(username);
			return user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired();
		}
		catch (UsernameNotFoundException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the account of '" + username + "'; its sessions go on until the next check",
					ex);
			return true;
		}
	}

}

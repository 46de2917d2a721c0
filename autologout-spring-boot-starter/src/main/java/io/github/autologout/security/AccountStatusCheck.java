package io.github.autologout.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Looks the user of an authenticated session up again at most once per interval and revokes the
 * user's sessions with {@link LogoutReason#DISABLED} if the account is now disabled, locked,
 * expired or deleted.
 * <p>
 * The {@link AutoLogoutFilter} runs it before it checks the session, and so ends the session on
 * the same request; it is part of that filter rather than a filter of its own, because every
 * filter of a chain costs on each request (Spring Security observes each one when an
 * {@code ObservationRegistry} is present). Only users whose principal is a {@link UserDetails}
 * are checked, because only they came from a {@link UserDetailsService}. A lookup that fails for another reason than an unknown user leaves
 * the session alone until the next check.
 */
final class AccountStatusCheck {

	/** Attribute with the instant the account was last checked, in epoch milliseconds. */
	static final String CHECKED_AT = "autologout.checked";

	private static final Log logger = LogFactory.getLog(AccountStatusCheck.class);

	private final UserDetailsService userDetailsService;

	private final Duration interval;

	private final RevocationRegistry revocations;

	private final Clock clock;

	AccountStatusCheck(UserDetailsService userDetailsService, Duration interval, RevocationRegistry revocations,
			Clock clock) {
		this.userDetailsService = userDetailsService;
		this.interval = interval;
		this.revocations = revocations;
		this.clock = clock;
	}

	/**
	 * Checks the account of the session's user if the interval has passed since the last check.
	 * @param session the session of the request
	 * @param authentication the authenticated user of the session
	 */
	void checkIfDue(HttpSession session, Authentication authentication) {
		if (authentication.isAuthenticated() && authentication.getPrincipal() instanceof UserDetails) {
			checkIfDue(session, authentication.getName());
		}
	}

	/**
	 * Records that the account was checked now, as a login does.
	 * @param session the session that authenticated
	 */
	void checked(HttpSession session) {
		recordCheck(session, this.clock.instant());
	}

	private void checkIfDue(HttpSession session, String username) {
		Instant now = this.clock.instant();
		try {
			Instant last = lastCheck(session);
			if (last == null) {
				recordCheck(session, now);
				return;
			}
			if (now.isBefore(last.plus(this.interval))) {
				return;
			}
			recordCheck(session, now);
		}
		catch (IllegalStateException ex) {
			return; // invalidated meanwhile
		}
		if (!isActive(username)) {
			this.revocations.revokeUser(username, new Revocation(now, LogoutReason.DISABLED));
		}
	}

	private static void recordCheck(HttpSession session, Instant checkedAt) {
		session.setAttribute(CHECKED_AT, Long.toString(checkedAt.toEpochMilli()));
	}

	/**
	 * The last check, or else the login, which checked the account too; {@code null} if the
	 * session knows neither, and {@link Instant#MIN} if they are unreadable, to check at once.
	 */
	private static @Nullable Instant lastCheck(HttpSession session) {
		try {
			if (session.getAttribute(CHECKED_AT) instanceof String checked) {
				return Instant.ofEpochMilli(Long.parseLong(checked));
			}
			SessionTimes times = SessionTimesAttributes.read(session);
			return (times != null) ? times.authenticatedAt() : null;
		}
		catch (NumberFormatException | CorruptSessionTimesException ex) {
			return Instant.MIN;
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

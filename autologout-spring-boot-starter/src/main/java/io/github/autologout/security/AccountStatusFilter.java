package io.github.autologout.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Looks the user of an authenticated session up again at most once per interval and revokes the
 * user's sessions with {@link LogoutReason#DISABLED} if the account is now disabled, locked,
 * expired or deleted.
 * <p>
 * Runs just before the {@link AutoLogoutFilter}, which then ends the session on the same request.
 * Only users whose principal is a {@link UserDetails} are checked, because only they came from a
 * {@link UserDetailsService}. A lookup that fails for another reason than an unknown user leaves
 * the session alone until the next check.
 */
final class AccountStatusFilter extends OncePerRequestFilter {

	/** Attribute with the instant the account was last checked, in epoch milliseconds. */
	static final String CHECKED_AT = "autologout.checked";

	private static final Log logger = LogFactory.getLog(AccountStatusFilter.class);

	private final UserDetailsService userDetailsService;

	private final Duration interval;

	private final RevocationRegistry revocations;

	private final Clock clock;

	private final SecurityContextHolderStrategy securityContextHolderStrategy;

	AccountStatusFilter(UserDetailsService userDetailsService, Duration interval, RevocationRegistry revocations,
			Clock clock, SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.userDetailsService = userDetailsService;
		this.interval = interval;
		this.revocations = revocations;
		this.clock = clock;
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		return AccountStatusFilter.class.getName() + ".FILTERED";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (session != null && authentication != null && authentication.isAuthenticated()
				&& authentication.getPrincipal() instanceof UserDetails) {
			checkIfDue(session, authentication.getName());
		}
		chain.doFilter(request, response);
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

	/**
	 * Records that the account of the session's user was checked, as the login does.
	 * @param session the session
	 * @param checkedAt the instant of the check
	 */
	static void recordCheck(HttpSession session, Instant checkedAt) {
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

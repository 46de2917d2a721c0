package io.github.autologout.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.rememberme.InvalidCookieException;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;
import org.springframework.util.Assert;

/**
 * Hash-based remember-me that also refuses cookies issued before a revocation of their user, so
 * that a forced logout holds against remember-me too.
 * <p>
 * A hash-based cookie carries its expiry, signed; it was issued one
 * {@link #setTokenValiditySeconds(int) token validity} before that (two weeks if the validity is
 * negative). If the validity is shortened while cookies are out, older cookies look younger than
 * they are; keep the revocation retention ({@code autologout.revocation-retention}) at least as
 * long as the validity, or revocations are forgotten while cookies they refuse are still valid.
 * A refused cookie is cancelled like any other invalid one.
 */
public final class RevocationAwareTokenBasedRememberMeServices extends TokenBasedRememberMeServices {

	private final RevocationRegistry revocations;

	/**
	 * Creates the services with the default encoding algorithm.
	 * @param key the key that signs the cookies
	 * @param userDetailsService where to load the users of cookies
	 * @param revocations where revoked users are remembered
	 */
	public RevocationAwareTokenBasedRememberMeServices(String key, UserDetailsService userDetailsService,
			RevocationRegistry revocations) {
		super(key, userDetailsService);
		Assert.notNull(revocations, "revocations must not be null");
		this.revocations = revocations;
	}

	/**
	 * Creates the services.
	 * @param key the key that signs the cookies
	 * @param userDetailsService where to load the users of cookies
	 * @param encodingAlgorithm the algorithm that signs new cookies
	 * @param revocations where revoked users are remembered
	 */
	public RevocationAwareTokenBasedRememberMeServices(String key, UserDetailsService userDetailsService,
			RememberMeTokenAlgorithm encodingAlgorithm, RevocationRegistry revocations) {
		super(key, userDetailsService, encodingAlgorithm);
		Assert.notNull(revocations, "revocations must not be null");
		this.revocations = revocations;
	}

	@Override
	protected UserDetails processAutoLoginCookie(String[] cookieTokens, HttpServletRequest request,
			HttpServletResponse response) {
		UserDetails user = checkedCookieUser(cookieTokens, request, response);
		// the signature was verified, so the expiry is a number this application wrote
		Instant issuedAt = Instant.ofEpochMilli(Long.parseLong(cookieTokens[1])).minusSeconds(tokenLifetimeSeconds());
		// from the shared store: this node's copy may not know yet of a force logout made a moment ago
		Optional<Revocation> revocation = this.revocations.findLatestForRememberMe(user.getUsername(), issuedAt);
		if (revocation.isPresent()) {
			throw new InvalidCookieException("The remember-me cookie was issued before its user was revoked ("
					+ revocation.get().reason().code() + ")");
		}
		return user;
	}

	/**
	 * The user of a cookie whose signature holds, where a cookie naming an algorithm that does
	 * not exist, which only a forged cookie does, is invalid like any other bad cookie, rather
	 * than an error that fails the request.
	 */
	private UserDetails checkedCookieUser(String[] cookieTokens, HttpServletRequest request,
			HttpServletResponse response) {
		if (cookieTokens.length == 4 && Arrays.stream(RememberMeTokenAlgorithm.values())
			.noneMatch((algorithm) -> algorithm.name().equals(cookieTokens[2]))) {
			throw new InvalidCookieException("The remember-me cookie names no known algorithm");
		}
		return super.processAutoLoginCookie(cookieTokens, request, response);
	}

	private long tokenLifetimeSeconds() {
		int validity = getTokenValiditySeconds();
		return (validity < 0) ? TWO_WEEKS_S : validity;
	}

}

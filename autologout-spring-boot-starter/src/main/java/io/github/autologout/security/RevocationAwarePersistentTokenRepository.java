package io.github.autologout.security;

import java.util.Date;

import io.github.autologout.core.RevocationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.util.Assert;

/**
 * A {@link PersistentTokenRepository} that hides the tokens of revoked users, so that persistent
 * remember-me cannot bring them back, also after a logout of everyone that removed no tokens.
 * <p>
 * A persistent token's date is its last use; a token last used before the revocation that applies
 * to its user is treated as unknown, which makes remember-me refuse it and cancel its cookie.
 * Tokens used or created after the revocation work as usual.
 */
public final class RevocationAwarePersistentTokenRepository implements PersistentTokenRepository {

	private final PersistentTokenRepository delegate;

	private final RevocationRegistry revocations;

	/**
	 * Creates the repository.
	 * @param delegate the repository that keeps the tokens
	 * @param revocations where revoked users are remembered
	 */
	public RevocationAwarePersistentTokenRepository(PersistentTokenRepository delegate,
			RevocationRegistry revocations) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(revocations, "revocations must not be null");
		this.delegate = delegate;
		this.revocations = revocations;
	}

	@Override
	public void createNewToken(PersistentRememberMeToken token) {
		this.delegate.createNewToken(token);
	}

	@Override
	public void updateToken(String series, String tokenValue, Date lastUsed) {
		this.delegate.updateToken(series, tokenValue, lastUsed);
	}

	@Override
	public @Nullable PersistentRememberMeToken getTokenForSeries(String seriesId) {
		PersistentRememberMeToken token = this.delegate.getTokenForSeries(seriesId);
		// from the shared store: this node's copy may not know yet of a revocation made a moment ago
		if (token == null || this.revocations.findLatestForRememberMe(token.getUsername(), token.getDate().toInstant())
			.isPresent()) {
			return null;
		}
		return token;
	}

	@Override
	public void removeUserTokens(String username) {
		this.delegate.removeUserTokens(username);
	}

}

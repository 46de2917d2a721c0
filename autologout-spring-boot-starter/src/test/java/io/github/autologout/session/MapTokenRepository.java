package io.github.autologout.session;

import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;

/**
 * Persistent remember-me tokens in a map, like Spring Security's in-memory repository without its
 * spring-tx dependency.
 */
final class MapTokenRepository implements PersistentTokenRepository {

	private final Map<String, PersistentRememberMeToken> tokens = new ConcurrentHashMap<>();

	@Override
	public void createNewToken(PersistentRememberMeToken token) {
		this.tokens.put(token.getSeries(), token);
	}

	@Override
	public void updateToken(String series, String tokenValue, Date lastUsed) {
		this.tokens.computeIfPresent(series,
				(key, token) -> new PersistentRememberMeToken(token.getUsername(), series, tokenValue, lastUsed));
	}

	@Override
	public @Nullable PersistentRememberMeToken getTokenForSeries(String seriesId) {
		return this.tokens.get(seriesId);
	}

	@Override
	public void removeUserTokens(String username) {
		this.tokens.values().removeIf((token) -> token.getUsername().equals(username));
	}

	int size() {
		return this.tokens.size();
	}

	long count(String username) {
		return this.tokens.values().stream().filter((token) -> token.getUsername().equals(username)).count();
	}

}

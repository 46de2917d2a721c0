package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.rememberme.AbstractRememberMeServices;
import org.springframework.security.web.authentication.rememberme.InMemoryTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;

/**
 * Tests that remember-me asks the registry's shared store, not this node's copy, whether a
 * cookie's user was revoked: a node learns of another node's revocation a moment later, and a
 * remember-me login in that moment would start a session that the revocation never refuses.
 */
class RevocationAwareRememberMeTests {

	private final UserDetails user = User.withUsername("erin").password("{noop}secret").roles("USER").build();

	/** Knows of the revocation in its shared store only, as a node that has not heard of it yet. */
	private final RevocationRegistry revocations = revokedInTheStoreOnly("erin");

	private static RevocationRegistry revokedInTheStoreOnly(String username) {
		RevocationRegistry revocations = mock(RevocationRegistry.class);
		given(revocations.find(any(), any())).willReturn(Optional.empty());
		given(revocations.findLatestForRememberMe(any(), any())).willCallRealMethod();
		given(revocations.findLatest(eq(username), any()))
			.willReturn(Optional.of(new Revocation(Instant.now().plusSeconds(60), LogoutReason.FORCED)));
		return revocations;
	}

	@Test
	void hashBasedCookieOfAUserRevokedOnAnotherNodeAMomentAgoIsRefused() {
		RevocationAwareTokenBasedRememberMeServices services = new RevocationAwareTokenBasedRememberMeServices("key",
				new InMemoryUserDetailsManager(this.user), this.revocations);
		services.setAlwaysRemember(true);
		MockHttpServletResponse issued = new MockHttpServletResponse();
		services.loginSuccess(new MockHttpServletRequest(), issued,
				UsernamePasswordAuthenticationToken.authenticated(this.user, null, this.user.getAuthorities()));
		Cookie cookie = issued.getCookie(AbstractRememberMeServices.SPRING_SECURITY_REMEMBER_ME_COOKIE_KEY);
		assertThat(cookie).isNotNull();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThat(services.autoLogin(request, response)).isNull();
		assertThat(response.getCookie(AbstractRememberMeServices.SPRING_SECURITY_REMEMBER_ME_COOKIE_KEY).getMaxAge())
			.as("cancelled").isZero();
	}

	@Test
	void persistentTokenOfAUserRevokedOnAnotherNodeAMomentAgoIsHidden() {
		InMemoryTokenRepositoryImpl tokens = new InMemoryTokenRepositoryImpl();
		tokens.createNewToken(new PersistentRememberMeToken("erin", "series", "value", new Date()));
		tokens.createNewToken(new PersistentRememberMeToken("frank", "other", "value", new Date()));
		RevocationAwarePersistentTokenRepository repository = new RevocationAwarePersistentTokenRepository(tokens,
				this.revocations);

		assertThat(repository.getTokenForSeries("series")).isNull();
		assertThat(repository.getTokenForSeries("other")).isNotNull();
	}

}

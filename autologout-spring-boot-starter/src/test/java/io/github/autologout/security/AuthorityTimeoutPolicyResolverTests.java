package io.github.autologout.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.autologout.core.TimeoutPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Tests for {@link AuthorityTimeoutPolicyResolver}.
 */
class AuthorityTimeoutPolicyResolverTests {

	private static final TimeoutPolicy DEFAULT = TimeoutPolicy.of(Duration.ofMinutes(30), Duration.ofHours(12),
			Duration.ofMinutes(1));

	private static final TimeoutPolicy ADMIN = TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(12),
			Duration.ofMinutes(1));

	private static final TimeoutPolicy AUDITOR = TimeoutPolicy.of(Duration.ofMinutes(10), Duration.ofHours(1),
			Duration.ofSeconds(30));

	private static final TimeoutPolicy KIOSK = TimeoutPolicy.of(Duration.ofHours(2), Duration.ofHours(24),
			Duration.ofMinutes(5));

	private final AuthorityTimeoutPolicyResolver resolver = new AuthorityTimeoutPolicyResolver(DEFAULT,
			Map.of("ROLE_ADMIN", ADMIN, "ROLE_AUDITOR", AUDITOR, "ROLE_KIOSK", KIOSK));

	@Test
	void userWithoutMatchingAuthorityGetsTheDefaultPolicy() {
		assertThat(this.resolver.resolve(user("ROLE_USER"))).isEqualTo(DEFAULT);
	}

	@Test
	void userWithoutAuthoritiesGetsTheDefaultPolicy() {
		assertThat(this.resolver.resolve(user())).isEqualTo(DEFAULT);
	}

	@Test
	void resolverWithoutPoliciesAlwaysGivesTheDefault() {
		AuthorityTimeoutPolicyResolver resolver = new AuthorityTimeoutPolicyResolver(DEFAULT, Map.of());
		assertThat(resolver.resolve(user("ROLE_ADMIN"))).isEqualTo(DEFAULT);
	}

	@Test
	void userWithOneMatchingAuthorityGetsItsPolicy() {
		assertThat(this.resolver.resolve(user("ROLE_USER", "ROLE_ADMIN"))).isEqualTo(ADMIN);
	}

	@Test
	void userWithSeveralMatchingAuthoritiesGetsTheStrictestOfEachValue() {
		TimeoutPolicy policy = this.resolver.resolve(user("ROLE_AUDITOR", "ROLE_USER", "ROLE_ADMIN"));
		assertThat(policy).isEqualTo(TimeoutPolicy.of(Duration.ofMinutes(5), Duration.ofHours(1),
				Duration.ofSeconds(30)));
	}

	@Test
	void strictestPolicyDoesNotDependOnTheOrderOfTheAuthorities() {
		assertThat(this.resolver.resolve(user("ROLE_ADMIN", "ROLE_AUDITOR")))
			.isEqualTo(this.resolver.resolve(user("ROLE_AUDITOR", "ROLE_ADMIN")));
	}

	@Test
	void longerPolicyOfARoleIsHonoured() {
		assertThat(this.resolver.resolve(user("ROLE_USER", "ROLE_KIOSK"))).isEqualTo(KIOSK);
	}

	@Test
	void authorityWithoutNameIsIgnored() {
		GrantedAuthority unnamed = () -> null;
		Authentication authentication = new TestingAuthenticationToken("user", "password",
				List.of(unnamed, () -> "ROLE_ADMIN"));
		assertThat(this.resolver.resolve(authentication)).isEqualTo(ADMIN);
	}

	@Test
	void authoritiesAreMatchedExactly() {
		assertThat(this.resolver.resolve(user("role_admin", "ADMIN", "ROLE_ADMINISTRATOR"))).isEqualTo(DEFAULT);
	}

	private static Authentication user(String... authorities) {
		return new TestingAuthenticationToken("user", "password", authorities);
	}

}

package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.test.Concurrently;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStatusCheckTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(user("user", false));

	private final AtomicInteger lookups = new AtomicInteger();

	private final UserDetailsService counting = (username) -> {
		this.lookups.incrementAndGet();
		return this.users.loadUserByUsername(username);
	};

	private final InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(this.clock,
			Duration.ofHours(12));

	private final AccountStatusCheck check = new AccountStatusCheck(this.counting, INTERVAL, this.revocations,
			this.clock);

	@Test
	void checkIfDueWhenThisNodeHasNotSeenTheUserThenLooksTheUserUpAtOnce() {
		this.check.checkIfDue(authenticated("user"));

		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void checkIfDueWhenLoginWasCheckedLessThanAnIntervalAgoThenLooksNothingUp() {
		this.check.checked("user");
		this.clock.advance(INTERVAL.minusMillis(1));

		this.check.checkIfDue(authenticated("user"));

		assertThat(this.lookups).hasValue(0);
	}

	@Test
	void checkIfDueWhenAccountDisabledThenRevokesTheUsersSessionsFromNow() {
		this.check.checked("user");
		this.users.updateUser(user("user", true));
		this.clock.advance(INTERVAL);

		this.check.checkIfDue(authenticated("user"));

		assertThat(this.revocations.find("user", START.plus(INTERVAL).minusMillis(1)))
			.contains(new Revocation(START.plus(INTERVAL), LogoutReason.DISABLED));
		assertThat(this.revocations.find("user", START.plus(INTERVAL))).isEmpty();
	}

	@Test
	void checkIfDueWhenClockWentBackThenChecksRatherThanWaitingForTheOldInstant() {
		this.check.checked("user");
		this.clock.set(START.minus(Duration.ofHours(1)));

		this.check.checkIfDue(authenticated("user"));

		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void checkIfDueWhenPrincipalIsNotFromAUserDetailsServiceThenLooksNothingUp() {
		this.check.checkIfDue(new TestingAuthenticationToken("user", null, "ROLE_USER"));

		assertThat(this.lookups).hasValue(0);
	}

	@Test
	void checkIfDueWhenUserForgottenAfterAnIntervalThenChecksAgainOnTheNextRequest() {
		this.check.checkIfDue(authenticated("user"));
		this.clock.advance(INTERVAL.multipliedBy(3));
		// this request's check also drops the users not seen for an interval, "user" among them
		this.check.checkIfDue(authenticated("other"));

		this.check.checkIfDue(authenticated("user"));

		assertThat(this.lookups).hasValue(3);
	}

	@Test
	void checkIfDueWhenManyRequestsOfADueUserArriveAtOnceThenLooksTheUserUpOnce() throws Exception {
		Runnable[] requests = new Runnable[80];
		Arrays.fill(requests, (Runnable) () -> this.check.checkIfDue(authenticated("user")));

		Concurrently.run(requests);

		assertThat(this.lookups).hasValue(1);
	}

	private static Authentication authenticated(String username) {
		UserDetails principal = user(username, false);
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
	}

	private static UserDetails user(String username, boolean disabled) {
		return User.withUsername(username).password("{noop}secret").roles("USER").disabled(disabled).build();
	}

}

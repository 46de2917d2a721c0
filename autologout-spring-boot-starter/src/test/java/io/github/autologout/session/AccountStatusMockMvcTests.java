package io.github.autologout.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.security.AutoLogoutConfigurer;
import io.github.autologout.session.ForceLogoutTestApplication.RecordedEvents;
import io.github.autologout.test.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A user whose account is disabled, locked, expired or deleted loses their sessions on the first
 * request after the next account check, at most {@code autologout.account-check-interval} (here
 * the default, one minute) after the previous one.
 */
@SpringBootTest(classes = AccountStatusMockMvcTests.Application.class)
@AutoConfigureMockMvc
class AccountStatusMockMvcTests {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private InMemoryUserDetailsManager users;

	@Autowired
	private CountingUserDetailsService lookups;

	@Autowired
	private MutableClock clock;

	@Autowired
	private RecordedEvents events;

	@BeforeEach
	void reset() {
		this.events.clear();
		for (String username : new String[] { "user", "other" }) {
			this.users.updateUser(ForceLogoutTestApplication.builder(username, "USER").build());
		}
	}

	@Test
	void getWhenAccountDisabledThenSessionEndsAtTheFirstRequestAfterTheInterval() throws Exception {
		MockHttpSession session = login("user");

		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").disabled(true).build());

		this.clock.advance(INTERVAL.minusSeconds(1));
		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		this.clock.advance(Duration.ofSeconds(1));
		this.mvc.perform(get("/").session(session))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl("/login?autologout=disabled"));
		assertThat(this.events.events()).extracting(AutoLogoutEvent::getReason).containsExactly(LogoutReason.DISABLED);
	}

	@Test
	void getWhenAccountLockedThenSessionEnds() throws Exception {
		MockHttpSession session = login("user");

		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").accountLocked(true).build());
		this.clock.advance(INTERVAL);

		this.mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?autologout=disabled"));
	}

	@Test
	void getWhenAccountExpiredThenSessionEnds() throws Exception {
		MockHttpSession session = login("user");

		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").accountExpired(true).build());
		this.clock.advance(INTERVAL);

		this.mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?autologout=disabled"));
	}

	@Test
	void getWhenAccountDeletedThenSessionEnds() throws Exception {
		MockHttpSession session = login("user");

		this.users.deleteUser("user");
		try {
			this.clock.advance(INTERVAL);

			this.mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?autologout=disabled"));
		}
		finally {
			this.users.createUser(ForceLogoutTestApplication.builder("user", "USER").build());
		}
	}

	@Test
	void getWhenOneSessionFindsTheAccountDisabledThenTheUsersOtherSessionsEndToo() throws Exception {
		MockHttpSession first = login("user");
		this.clock.advance(Duration.ofSeconds(30));
		MockHttpSession second = login("user");
		MockHttpSession other = login("other");

		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").disabled(true).build());
		this.clock.advance(INTERVAL);
		this.mvc.perform(get("/").session(first)).andExpect(redirectedUrl("/login?autologout=disabled"));

		this.mvc.perform(get("/").session(second)).andExpect(redirectedUrl("/login?autologout=disabled"));
		this.mvc.perform(get("/").session(other)).andExpect(status().isOk());
	}

	@Test
	void getWhenAccountActiveThenLooksTheUserUpAtMostOncePerInterval() throws Exception {
		MockHttpSession session = login("user");
		int afterLogin = this.lookups.count();

		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofSeconds(10));
			this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		}
		assertThat(this.lookups.count()).isEqualTo(afterLogin);
		this.clock.advance(Duration.ofSeconds(10));
		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());

		assertThat(this.lookups.count()).isEqualTo(afterLogin + 1);
	}

	@Test
	void getWhenUserHasSeveralSessionsThenLooksTheUserUpOncePerIntervalForAllOfThem() throws Exception {
		MockHttpSession first = login("user");
		MockHttpSession second = login("user");
		int afterLogins = this.lookups.count();

		this.clock.advance(INTERVAL);
		this.mvc.perform(get("/").session(first)).andExpect(status().isOk());
		this.mvc.perform(get("/").session(second)).andExpect(status().isOk());
		this.mvc.perform(get("/").session(first)).andExpect(status().isOk());

		assertThat(this.lookups.count()).isEqualTo(afterLogins + 1);
	}

	@Test
	void loginWhenAccountEnabledAgainThenWorks() throws Exception {
		MockHttpSession session = login("user");
		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").disabled(true).build());
		this.clock.advance(INTERVAL);
		this.mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?autologout=disabled"));

		this.users.updateUser(ForceLogoutTestApplication.builder("user", "USER").build());
		this.clock.advance(Duration.ofSeconds(1));
		MockHttpSession again = login("user");

		this.mvc.perform(get("/").session(again)).andExpect(status().isOk());
	}

	private MockHttpSession login(String username) throws Exception {
		return MockMvcLogins.login(this.mvc, username);
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ForceLogoutTestApplication.class, ScenarioConfigurations.FixedClock.class })
	static class Application {

		@Bean
		CountingUserDetailsService countingUserDetailsService(InMemoryUserDetailsManager users) {
			return new CountingUserDetailsService(users);
		}

		@Bean
		@Order(2)
		@SuppressWarnings("unchecked")
		SecurityFilterChain securityFilterChain(HttpSecurity http, CountingUserDetailsService users)
				throws Exception {
			ForceLogoutTestApplication.formLogin(http).userDetailsService(users);
			// two UserDetailsService beans, so the account check is told which one to ask
			http.getConfigurer(AutoLogoutConfigurer.class).userDetailsService(users);
			return http.build();
		}

	}

	static final class CountingUserDetailsService implements UserDetailsService {

		private final UserDetailsService delegate;

		private final AtomicInteger count = new AtomicInteger();

		CountingUserDetailsService(UserDetailsService delegate) {
			this.delegate = delegate;
		}

		@Override
		public UserDetails loadUserByUsername(String username) {
			this.count.incrementAndGet();
			return this.delegate.loadUserByUsername(username);
		}

		int count() {
			return this.count.get();
		}

	}

}

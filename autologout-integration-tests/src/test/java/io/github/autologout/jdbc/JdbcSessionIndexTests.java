package io.github.autologout.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.test.EmbeddedPostgresServer;
import io.github.autologout.test.ForwardingRevocationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcSessionIndex} against a real PostgreSQL server, with Spring Session's
 * schema under a table name of its own, which the index must use.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcSessionIndexTests {

	private static final String TABLE = "AUTOLOGOUT_INDEX_TEST_SESSION";

	private final DriverManagerDataSource dataSource = dataSource();

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	private final JdbcIndexedSessionRepository repository = SpringSessionTables.repository(this.dataSource, TABLE);

	private final List<AutoLogoutEvent> events = new CopyOnWriteArrayList<>();

	private final JdbcSessionIndex index = new JdbcSessionIndex(this.repository, new InMemorySessionTracker(),
			this.dataSource, TABLE);

	private final DefaultForceLogoutService forceLogout = new DefaultForceLogoutService(this.index,
			new InMemoryRevocationRegistry(Clock.systemUTC(), Duration.ofHours(1)),
			(event) -> this.events.add((AutoLogoutEvent) event), Clock.systemUTC());

	JdbcSessionIndexTests() {
		SpringSessionTables.recreate(this.dataSource, TABLE);
	}

	private static DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	private String save(String username) {
		return save(this.repository, username, Duration.ofMinutes(30));
	}

	/**
	 * Saves an authenticated session with a second attribute, so that it has two attribute rows.
	 */
	private static <S extends Session> String save(SessionRepository<S> repository, String username,
			Duration maxInactive) {
		return AuthenticatedSessions.save(repository, username, (session) -> {
			session.setMaxInactiveInterval(maxInactive);
			session.setAttribute("cart", "3 items");
		});
	}

	private List<String> sessionIdsOf(String username) {
		return this.jdbc.queryForList("SELECT SESSION_ID FROM " + TABLE + " WHERE PRINCIPAL_NAME = ?", String.class,
				username);
	}

	private int attributeRows() {
		Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + "_ATTRIBUTES", Integer.class);
		return (rows != null) ? rows : 0;
	}

	private List<String> endedSessionIds() {
		return this.events.stream().map(AutoLogoutEvent::getSessionId).toList();
	}

	@Test
	void logoutDeletesTheUsersSessionsWithTheirAttributesAndLeavesOtherUsersSessions(CapturedOutput output) {
		List<String> ada = List.of(save("ada"), save("ada"), save("ada"));
		List<String> bob = List.of(save("bob"), save("bob"));
		assertThat(attributeRows()).isEqualTo(10);

		assertThat(this.forceLogout.logout("ada")).isEqualTo(3);

		assertThat(sessionIdsOf("ada")).isEmpty();
		assertThat(attributeRows()).as("only bob's attribute rows are left").isEqualTo(4);
		assertThat(sessionIdsOf("bob")).containsExactlyInAnyOrderElementsOf(bob);
		bob.forEach((id) -> assertThat(this.repository.findById(id)).isNotNull());
		assertThat(endedSessionIds()).containsExactlyInAnyOrderElementsOf(ada);
		assertThat(output).doesNotContain("autologout ends them one by one");
	}

	@Test
	void sessionDeletedByAnotherNodeMeanwhileIsNotCountedAsEnded() {
		List<String> ada = List.of(save("ada"), save("ada"), save("ada"));
		List<SessionInfo> found = this.index.findByUsername("ada");
		this.repository.deleteById(ada.get(1));

		List<SessionInfo> ended = this.index.invalidateAll(found);

		assertThat(ended).extracting(SessionInfo::id).containsExactlyInAnyOrder(ada.get(0), ada.get(2));
		assertThat(this.index.invalidateAll(found)).as("nothing is left to end").isEmpty();
		assertThat(sessionIdsOf("ada")).isEmpty();
	}

	@Test
	void sessionThatNeverExpiresIsEnded() {
		String id = save(this.repository, "ada", Duration.ofSeconds(-1));

		assertThat(this.forceLogout.logout("ada")).isEqualTo(1);

		assertThat(this.repository.findById(id)).isNull();
		assertThat(sessionIdsOf("ada")).isEmpty();
	}

	@Test
	void invalidateEndsALiveSessionOnce() {
		String id = save("ada");
		String neverExpires = save(this.repository, "ada", Duration.ofSeconds(-1));
		String bob = save("bob");

		assertThat(this.index.invalidate(id)).isTrue();
		assertThat(this.index.invalidate(id)).isFalse();
		assertThat(this.index.invalidate(neverExpires)).isTrue();

		assertThat(sessionIdsOf("ada")).isEmpty();
		assertThat(sessionIdsOf("bob")).containsExactly(bob);
	}

	@Test
	void usernamesWithPatternCharactersQuotesAndUnicodeAreMatchedExactly() {
		List<String> names = List.of("%", "_", "a_c", "o'brien", "'; DELETE FROM " + TABLE + "; --", "jürgen 日本",
				"ada%");
		names.forEach(this::save);
		String abc = save("abc");
		String ada = save("ada");

		for (String name : names) {
			this.events.clear();
			assertThat(this.forceLogout.logout(name)).as(name).isEqualTo(1);
			assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.getUsername()).isEqualTo(name));
			assertThat(sessionIdsOf(name)).as(name).isEmpty();
		}

		assertThat(sessionIdsOf("abc")).containsExactly(abc);
		assertThat(sessionIdsOf("ada")).containsExactly(ada);
	}

	@Test
	void noSessionsDeleteNothing() {
		String bob = save("bob");

		assertThat(this.index.invalidateAll(List.of())).isEmpty();
		assertThat(this.forceLogout.logout("ada")).isZero();

		assertThat(sessionIdsOf("bob")).containsExactly(bob);
	}

	@Test
	void tableNameThatDoesNotExistEndsTheSessionsThroughTheRepositoryAndSaysSo(CapturedOutput output) {
		JdbcSessionIndex index = new JdbcSessionIndex(this.repository, new InMemorySessionTracker(), this.dataSource,
				"AUTOLOGOUT_INDEX_TEST_MISSING");
		List<String> ada = List.of(save("ada"), save("ada"));

		assertThat(index.invalidateAll(index.findByUsername("ada"))).extracting(SessionInfo::id)
			.containsExactlyInAnyOrderElementsOf(ada);

		assertThat(sessionIdsOf("ada")).isEmpty();
		assertThat(output).contains("not in table AUTOLOGOUT_INDEX_TEST_MISSING");
	}

	@Test
	void tableNameOfAnotherSessionTableEndsTheSessionsThroughTheRepositoryAndSaysSo(CapturedOutput output) {
		String other = "AUTOLOGOUT_INDEX_TEST_OTHER";
		SpringSessionTables.recreate(this.dataSource, other);
		String elsewhere = save(SpringSessionTables.repository(this.dataSource, other), "ada", Duration.ofMinutes(30));
		JdbcSessionIndex index = new JdbcSessionIndex(this.repository, new InMemorySessionTracker(), this.dataSource,
				other);
		List<String> ada = List.of(save("ada"), save("ada"));

		assertThat(index.invalidateAll(index.findByUsername("ada"))).extracting(SessionInfo::id)
			.containsExactlyInAnyOrderElementsOf(ada);

		assertThat(sessionIdsOf("ada")).isEmpty();
		assertThat(this.jdbc.queryForList("SELECT SESSION_ID FROM " + other, String.class)).containsExactly(elsewhere);
		assertThat(output).contains("not in table " + other);
	}

	@Test
	void logoutRecordsTheRevocationsBeforeTheSessionsAreDeleted() {
		List<String> ada = List.of(save("ada"), save("ada"));
		List<String> liveWhenRevoked = new CopyOnWriteArrayList<>();
		InMemoryRevocationRegistry revocations = new InMemoryRevocationRegistry(Clock.systemUTC(), Duration.ofHours(1));
		DefaultForceLogoutService service = new DefaultForceLogoutService(this.index,
				new SessionsRevokedCallback(revocations, () -> liveWhenRevoked.addAll(sessionIdsOf("ada"))),
				(event) -> {
				}, Clock.systemUTC());

		assertThat(service.logout("ada", LogoutReason.FORCED)).isEqualTo(2);

		assertThat(liveWhenRevoked).containsExactlyInAnyOrderElementsOf(ada);
		ada.forEach((id) -> assertThat(revocations.findSession(id)).contains(LogoutReason.FORCED));
	}

	/**
	 * A registry that runs a callback when sessions are revoked, before recording them.
	 */
	private static final class SessionsRevokedCallback extends ForwardingRevocationRegistry {

		private final Runnable callback;

		SessionsRevokedCallback(RevocationRegistry delegate, Runnable callback) {
			super(delegate);
			this.callback = callback;
		}

		@Override
		public Set<String> revokeSessions(Collection<String> sessionIds, LogoutReason reason) {
			this.callback.run();
			return super.revokeSessions(sessionIds, reason);
		}

	}

}

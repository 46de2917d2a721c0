package io.github.autologout.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.jdbc.PrincipalSessionsQueryCustomizer;
import io.github.autologout.jdbc.SpringSessionTables;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.test.EmbeddedPostgresServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpringSessionLookup} reading all sessions of a user at once from Spring Session
 * JDBC on a real PostgreSQL server: whatever the reader answers, {@code findById} would too.
 */
class SpringSessionLookupJdbcTests {

	private static final String TABLE = "AUTOLOGOUT_LOOKUP_TEST_SESSION";

	private static final Instant LOGIN = Instant.now().minus(Duration.ofMinutes(10));

	private final DriverManagerDataSource dataSource = dataSource();

	private final JdbcIndexedSessionRepository repository;

	private final SpringSessionLookup<?> lookup;

	SpringSessionLookupJdbcTests() {
		SpringSessionTables.recreate(this.dataSource, TABLE);
		this.repository = SpringSessionTables.repository(this.dataSource, TABLE);
		new PrincipalSessionsQueryCustomizer().customize(this.repository);
		this.lookup = new SpringSessionLookup<>(this.repository);
		this.lookup.setReadUsersAtOnce(true);
	}

	private static DriverManagerDataSource dataSource() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

	/**
	 * Saves a session of the user with the given value of autologout's times attribute, if any.
	 */
	private String save(String username, @Nullable Object times, Duration maxInactive, Instant lastAccessed) {
		return save(this.repository, username, times, maxInactive, lastAccessed);
	}

	private static <S extends Session> String save(SessionRepository<S> repository, String username,
			@Nullable Object times, Duration maxInactive, Instant lastAccessed) {
		return AuthenticatedSessions.save(repository, username, (session) -> {
			session.setMaxInactiveInterval(maxInactive);
			session.setLastAccessedTime(lastAccessed);
			session.setAttribute("cart", "3 items");
			if (times != null) {
				session.setAttribute(SessionTimesAttributes.NAME, times);
			}
		});
	}

	private String saveLive(String username, Duration activeAfterLogin) {
		Object times = timesValue(SessionTimes.of(LOGIN, LOGIN.plus(activeAfterLogin)));
		return save(username, times, Duration.ofMinutes(30), Instant.now());
	}

	private static Object timesValue(SessionTimes times) {
		List<Object> value = new ArrayList<>();
		SessionTimesAttributes.write((name, written) -> value.add(written), times);
		return value.get(0);
	}

	/** What a reader answers for one session: the session, or the exception it threw. */
	private static Object answer(Function<String, Optional<StoredSession>> reader, String sessionId) {
		try {
			return reader.apply(sessionId).map((session) -> List.of(session.id(),
					session.authentication().getName(), String.valueOf(session.times())));
		}
		catch (CorruptSessionTimesException ex) {
			return CorruptSessionTimesException.class;
		}
	}

	@Test
	void aUsersSessionsReadAtOnceAreAnsweredAsFindByIdAnswersEachOfThem() {
		String first = saveLive("ada", Duration.ofMinutes(2));
		String second = saveLive("ada", Duration.ofMinutes(5));
		String withoutTimes = save("ada", null, Duration.ofMinutes(30), Instant.now());
		String corrupt = save("ada", 42, Duration.ofMinutes(30), Instant.now());
		String bobs = saveLive("bob", Duration.ofMinutes(1));
		String gone = saveLive("ada", Duration.ofMinutes(1));
		List<String> asked = List.of(first, second, withoutTimes, corrupt, bobs, gone);

		this.repository.deleteById(gone);
		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", asked);

		List<Object> atOnce = asked.stream().map((id) -> answer(reader, id)).toList();
		List<Object> oneByOne = asked.stream().map((id) -> answer(this.lookup::find, id)).toList();
		assertThat(atOnce).isEqualTo(oneByOne);
		assertThat(atOnce.get(0)).isEqualTo(
				Optional.of(List.of(first, "ada", String.valueOf(SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(2)))))));
		assertThat(atOnce.get(2)).isEqualTo(Optional.of(List.of(withoutTimes, "ada", "null")));
		assertThat(atOnce.get(3)).isEqualTo(CorruptSessionTimesException.class);
		assertThat(atOnce.get(4)).as("another user's session, read by id")
			.isEqualTo(Optional.of(List.of(bobs, "bob", String.valueOf(SessionTimes.of(LOGIN, LOGIN.plus(Duration.ofMinutes(1)))))));
		assertThat(atOnce.get(5)).isEqualTo(Optional.empty());
	}

	@Test
	void aSessionPastSpringSessionsOwnTimeoutIsAnsweredAsEndedAsFindByIdAnswersIt() {
		String live = saveLive("ada", Duration.ofMinutes(2));
		String expired = save("ada", timesValue(SessionTimes.authenticatedAt(LOGIN)), Duration.ofMinutes(5),
				Instant.now().minus(Duration.ofMinutes(6)));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of(live, expired));

		assertThat(reader.apply(expired)).isEmpty();
		assertThat(this.lookup.find(expired)).isEmpty();
		assertThat(reader.apply(live)).hasValueSatisfying((session) -> assertThat(session.id()).isEqualTo(live));
	}

	@Test
	void sessionsThatAQueryOfTheApplicationReturnsWithoutTheirSecurityContextAreReadAgainWhole() {
		// a query that leaves out the security context's rows, as one without an ORDER BY can
		this.repository.setListSessionsByPrincipalNameQuery("""
				SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, S.MAX_INACTIVE_INTERVAL,
					SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES
				FROM %TABLE_NAME% S
				LEFT JOIN %TABLE_NAME%_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID
					AND SA.ATTRIBUTE_NAME <> 'SPRING_SECURITY_CONTEXT'
				WHERE S.PRINCIPAL_NAME = ?
				""");
		String first = saveLive("ada", Duration.ofMinutes(2));
		String second = saveLive("ada", Duration.ofMinutes(3));

		Function<String, Optional<StoredSession>> reader = this.lookup.readerOf("ada", List.of(first, second));

		assertThat(List.of(first, second)).allSatisfy((id) -> assertThat(reader.apply(id))
			.hasValueSatisfying((session) -> assertThat(session.authentication().getName()).isEqualTo("ada")));
	}

}

package io.github.autologout.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.actuate.AutoLogoutEndpoint;
import io.github.autologout.actuate.AutoLogoutMetrics;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.jdbc.JdbcSessionIndex;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.HttpSessionIndex;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.SpringSessionIndex;
import io.github.autologout.session.UserSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ForceLogoutAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(AutoLogoutAutoConfiguration.class,
			ForceLogoutAutoConfiguration.class, AutoLogoutEndpointAutoConfiguration.class,
			AutoLogoutMetricsAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationGetsForceLogoutOverTheContainersSessions() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ForceLogoutService.class).hasSingleBean(HttpSessionIndex.class);
			assertThat(context.getBeanNamesForType(jakarta.servlet.http.HttpSessionListener.class))
				.as("registered with the container as a listener").hasSize(1);
		});
	}

	@Test
	void sessionIndexOfTheApplicationReplacesTheInMemoryOne() {
		this.runner.withUserConfiguration(StoreIndex.class).run((context) -> {
			assertThat(context).doesNotHaveBean(HttpSessionIndex.class);
			assertThat(context.getBean(ForceLogoutService.class).users()).extracting(UserSessions::username)
				.containsExactly("from-store");
		});
	}

	@Test
	void springSessionRepositoryGetsAnIndexEndingSessionsOnAnExecutorShutDownWithTheContext() {
		AtomicReference<ThreadPoolTaskExecutor> executor = new AtomicReference<>();
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.run((context) -> {
				assertThat(context).hasSingleBean(SpringSessionIndex.class).doesNotHaveBean(HttpSessionIndex.class);
				executor.set(context.getBean("autoLogoutSessionExecutor", ThreadPoolTaskExecutor.class));
				assertThat(executor.get().getThreadPoolExecutor().isShutdown()).isFalse();
				assertThat(context).as("Spring Boot's executor backs off for no executor of autologout")
					.hasBean("applicationTaskExecutor");
				assertThat(context.getBeanProvider(Executor.class).getIfUnique())
					.isSameAs(context.getBean("applicationTaskExecutor"));
			});
		assertThat(executor.get().getThreadPoolExecutor().isShutdown()).isTrue();
	}

	@Test
	void principalSessionIdsOfTheApplicationFindTheSessionsOfTheSpringSessionIndex() {
		PrincipalSessionIds principalSessionIds = (username) -> Set.of();
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.withBean(PrincipalSessionIds.class, () -> principalSessionIds)
			.run((context) -> assertThat(context.getBean(SpringSessionIndex.class)).extracting("principalSessionIds")
				.isSameAs(principalSessionIds));
	}

	/**
	 * The runner with a data source that is never connected, a Spring Session JDBC repository on
	 * it and Spring Boot's properties of it, with the given table name.
	 */
	private WebApplicationContextRunner withSpringBootsSpringSessionJdbc(String tableName) {
		DataSource dataSource = new DriverManagerDataSource("jdbc:autologout:never-connected");
		JdbcSessionProperties properties = new JdbcSessionProperties();
		properties.setTableName(tableName);
		return this.runner.withBean(DataSource.class, () -> dataSource)
			.withBean(JdbcIndexedSessionRepository.class,
					() -> new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
							TransactionOperations.withoutTransaction()))
			.withBean(JdbcSessionProperties.class, () -> properties);
	}

	@Test
	void springSessionJdbcOfSpringBootGetsAnIndexDeletingInOneBatchWithNoExecutor() {
		withSpringBootsSpringSessionJdbc("APP_SESSION")
			.run((context) -> assertThat(context).hasSingleBean(JdbcSessionIndex.class)
				.doesNotHaveBean(SpringSessionIndex.class)
				.doesNotHaveBean("autoLogoutSessionExecutor"));
	}

	@ParameterizedTest(name = "[{index}] table name \"{0}\"")
	@ValueSource(strings = { "", " ", "SPRING_SESSION; DROP TABLE USERS", "SPRING_SESSION WHERE 1=1 --",
			"\"SPRING_SESSION\"", "a.b.c", "1SESSION", "SPRING-SESSION" })
	void springSessionJdbcTableNameThatIsNotAnSqlIdentifierFailsStartupNamingIt(String tableName) {
		withSpringBootsSpringSessionJdbc(tableName).run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("spring.session.jdbc.table-name");
					assertThat(ex.getValue()).isEqualTo(tableName);
				})
				.hasMessageContaining("Must be an SQL identifier such as SPRING_SESSION"));
	}

	@ParameterizedTest(name = "[{index}] table name \"{0}\"")
	@ValueSource(strings = { "SPRING_SESSION", "app_session", "sessions.SPRING_SESSION", "APP$SESSION" })
	void springSessionJdbcTableNameThatIsAnSqlIdentifierIsAccepted(String tableName) {
		withSpringBootsSpringSessionJdbc(tableName)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JdbcSessionIndex.class));
	}

	@Test
	void springSessionJdbcConfiguredWithoutSpringBootGetsTheRepositoryIndexOnAnExecutor() {
		DataSource dataSource = new DriverManagerDataSource("jdbc:autologout:never-connected");
		this.runner.withBean(DataSource.class, () -> dataSource)
			.withBean(JdbcIndexedSessionRepository.class,
					() -> new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
							TransactionOperations.withoutTransaction()))
			.run((context) -> assertThat(context).hasSingleBean(SpringSessionIndex.class)
				.doesNotHaveBean(JdbcSessionIndex.class)
				.hasBean("autoLogoutSessionExecutor"));
	}

	@Test
	void springSessionWithoutSpringSessionJdbcOnTheClasspathGetsTheRepositoryIndex() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.session.jdbc",
				"org.springframework.boot.session.jdbc"))
			.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()))
			.run((context) -> assertThat(context).hasSingleBean(SpringSessionIndex.class)
				.hasBean("autoLogoutSessionExecutor"));
	}

	@Test
	void executorOfTheApplicationNamedAutoLogoutSessionExecutorEndsTheSessions() {
		List<Runnable> tasks = new CopyOnWriteArrayList<>();
		Executor own = (task) -> {
			tasks.add(task);
			task.run();
		};
		Map<String, Session> store = new ConcurrentHashMap<>();
		this.runner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(store))
			.withBean("autoLogoutSessionExecutor", Executor.class, () -> own)
			.run((context) -> {
				MapSessionRepository repository = context.getBean(MapSessionRepository.class);
				SessionTracker tracker = context.getBean(SessionTracker.class);
				for (int i = 0; i < 3; i++) {
					MapSession session = repository.createSession();
					session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
							new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("user", null,
									AuthorityUtils.createAuthorityList("ROLE_USER"))));
					repository.save(session);
					tracker.track(new TrackedSession(session.getId(), "user", Instant.now().plusSeconds(60)));
				}

				assertThat(context.getBean(ForceLogoutService.class).logout("user")).isEqualTo(3);

				assertThat(store).isEmpty();
				assertThat(tasks).as("two reads and two deletions, the caller making one of each").hasSize(4);
			});
	}

	@Test
	void forceLogoutServiceOfTheApplicationWins() {
		ForceLogoutService own = mock(ForceLogoutService.class);
		this.runner.withBean(ForceLogoutService.class, () -> own)
			.run((context) -> assertThat(context.getBean(ForceLogoutService.class)).isSameAs(own));
	}

	@Test
	void persistentTokenRepositoryBeansLoseTheTokensOfLoggedOutUsers() {
		PersistentTokenRepository tokens = mock(PersistentTokenRepository.class);
		this.runner.withBean(PersistentTokenRepository.class, () -> tokens).run((context) -> {
			context.getBean(ForceLogoutService.class).logout("user");
			verify(tokens).removeUserTokens("user");
		});
	}

	@Test
	void blankUsernameRemovesNoTokens() {
		PersistentTokenRepository tokens = mock(PersistentTokenRepository.class);
		this.runner.withBean(PersistentTokenRepository.class, () -> tokens).run((context) -> {
			context.getBean(ForceLogoutService.class).logout(" ");
			verify(tokens, never()).removeUserTokens(anyString());
		});
	}

	@Test
	void nonWebApplicationGetsNoForceLogout() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean(ForceLogoutService.class)
				.doesNotHaveBean(SessionIndex.class));
	}

	@Test
	void disabledAutologoutGetsNoForceLogout() {
		this.runner.withPropertyValues("autologout.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ForceLogoutService.class)
				.doesNotHaveBean(AutoLogoutMetrics.class));
	}

	@Test
	void endpointIsDefinedOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,autologout")
			.run((context) -> assertThat(context).hasSingleBean(AutoLogoutEndpoint.class));
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=autologout",
					"management.endpoint.autologout.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutEndpoint.class));
	}

	@Test
	void endpointDeleteReturnsTheCount() {
		ForceLogoutService service = mock(ForceLogoutService.class);
		given(service.logout("user")).willReturn(2);
		this.runner.withBean(ForceLogoutService.class, () -> service)
			.withPropertyValues("management.endpoints.web.exposure.include=autologout")
			.run((context) -> assertThat(context.getBean(AutoLogoutEndpoint.class).logout("user"))
				.isEqualTo(new AutoLogoutEndpoint.LogoutDescriptor("user", 2)));
	}

	@Test
	void metricsCountEndedSessionsByReasonWhenAMeterRegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(AutoLogoutMetrics.LOGOUTS).counters()).as("one per reason, from the start")
				.hasSize(LogoutReason.values().length);
			context.publishEvent(new AutoLogoutEvent(this, "user", "1", LogoutReason.IDLE));
			context.publishEvent(new AutoLogoutEvent(this, "user", "2", LogoutReason.IDLE));
			context.publishEvent(new AutoLogoutEvent(this, "user", "3", LogoutReason.CREDENTIALS_CHANGED));
			assertThat(registry.get(AutoLogoutMetrics.LOGOUTS).tag("reason", "idle").counter().count()).isEqualTo(2);
			assertThat(registry.get(AutoLogoutMetrics.LOGOUTS).tag("reason", "credentials_changed").counter().count())
				.isEqualTo(1);
			assertThat(registry.get(AutoLogoutMetrics.LOGOUTS).tag("reason", "forced").counter().count()).isZero();
		});
	}

	@Test
	void metricsNeedAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(AutoLogoutMetrics.class));
	}

	@Test
	void accountCheckIntervalMustNotBeNegative() {
		this.runner.withPropertyValues("autologout.account-check-interval=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("autologout.account-check-interval");
		});
	}

	@Test
	void revocationRetentionByDefaultCoversRememberMeCookies() {
		assertThat(new AutoLogoutProperties().revocationRetention())
			.isEqualTo(Duration.ofDays(14));
	}

	@Test
	void revocationRetentionByDefaultCoversALongerAbsoluteTimeout() {
		AutoLogoutProperties properties = new AutoLogoutProperties();
		properties.setAbsoluteTimeout(Duration.ofDays(30));

		assertThat(properties.revocationRetention()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void revocationRetentionCanBeSet() {
		AutoLogoutProperties properties = new AutoLogoutProperties();
		properties.setRevocationRetention(Duration.ofDays(30));

		assertThat(properties.revocationRetention()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void revocationRetentionShorterThanTheAbsoluteTimeoutFailsStartUp() {
		this.runner.withPropertyValues("autologout.revocation-retention=1h").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("autologout.revocation-retention");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreIndex {

		@Bean
		SessionIndex storeIndex() {
			return new SessionIndex() {

				@Override
				public List<SessionInfo> findByUsername(String username) {
					return List.of();
				}

				@Override
				public Optional<SessionInfo> findById(String sessionId) {
					return Optional.empty();
				}

				@Override
				public List<UserSessions> users() {
					return List.of(new UserSessions("from-store", 1, null));
				}

				@Override
				public boolean invalidate(String sessionId) {
					return false;
				}

			};
		}

	}

}

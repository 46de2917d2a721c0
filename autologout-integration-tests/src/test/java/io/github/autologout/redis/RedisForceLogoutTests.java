package io.github.autologout.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.session.AuthenticatedSessions;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.PrincipalSessionIds;
import io.github.autologout.session.SpringSessionIndex;
import io.github.autologout.test.EmbeddedRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for force logout over Spring Session's Redis repositories on a real Redis server, with
 * the {@link SpringSessionIndex} ending a user's sessions concurrently as the starter configures
 * it.
 */
class RedisForceLogoutTests {

	private final String namespace = "force-" + UUID.randomUUID();

	private final Instant login = Instant.now().minusSeconds(60);

	private final List<AutoLogoutEvent> events = new CopyOnWriteArrayList<>();

	private LettuceConnectionFactory connectionFactory;

	private RedisTemplate<String, Object> template;

	private RedisSessionTracker tracker;

	private RedisRevocationRegistry revocations;

	private ThreadPoolTaskExecutor executor;

	@BeforeEach
	void connect() {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", EmbeddedRedis.get().port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.template = new RedisTemplate<>();
		this.template.setKeySerializer(RedisSerializer.string());
		this.template.setHashKeySerializer(RedisSerializer.string());
		this.template.setConnectionFactory(this.connectionFactory);
		this.template.afterPropertiesSet();
		this.tracker = new RedisSessionTracker(this.connectionFactory, this.namespace);
		this.revocations = new RedisRevocationRegistry(this.connectionFactory, this.namespace, Clock.systemUTC(),
				Duration.ofHours(1));
		this.revocations.afterPropertiesSet();
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setThreadNamePrefix("autologout-session-");
		this.executor.setCorePoolSize(8);
		this.executor.setMaxPoolSize(8);
		this.executor.initialize();
	}

	@AfterEach
	void disconnect() throws Exception {
		this.executor.shutdown();
		this.revocations.destroy();
		this.connectionFactory.destroy();
	}

	@Test
	void logoutOfUserWithFiftySessionsEndsEveryOneConcurrentlyBeforeItReturns() {
		IndexedRecordingRepository<?> repository = indexed(indexedRepository());
		List<String> ids = createSessions(repository, "user", 50);
		String other = createSessions(repository, "other", 1).get(0);

		int ended = service(repository).logout("user");

		assertThat(ended).isEqualTo(50);
		assertThat(ids).allSatisfy((id) -> assertThat(repository.findById(id)).as(id).isNull());
		assertThat(repository.findByPrincipalName("user")).isEmpty();
		assertThat(repository.findById(other)).isNotNull();
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.tracker.sessionIds("user")).isEmpty();
		assertThat(repository.deletingThreads).as("deleted on the executor's threads too")
			.anyMatch((thread) -> thread.startsWith("autologout-session-"))
			.hasSizeGreaterThan(1);
	}

	@Test
	void principalSessionIdsAreTheIdsTheIndexedRepositoryListsForTheUserInItsNamespace() {
		RedisIndexedSessionRepository repository = indexedRepository();
		List<String> ids = createSessions(repository, "user", 3);
		createSessions(repository, "user-2", 1);

		RedisPrincipalSessionIds principalSessionIds = new RedisPrincipalSessionIds(repository);

		assertThat(principalSessionIds.find("user")).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(principalSessionIds.find("use*")).isEmpty();
		assertThat(principalSessionIds.find("nobody")).isEmpty();
	}

	@Test
	void logoutByThePrincipalIndexIdsReadsTheSessionsConcurrentlyAndEndsThoseTheTrackerNeverKnew() {
		RedisIndexedSessionRepository delegate = indexedRepository();
		IndexedRecordingRepository<?> repository = indexed(delegate);
		List<String> ids = createSessions(repository, "user", 10);
		this.tracker.untrack("user", ids.subList(0, 4));

		int ended = service(repository, new RedisPrincipalSessionIds(delegate)).logout("user");

		assertThat(ended).isEqualTo(10);
		assertThat(ids).allSatisfy((id) -> assertThat(repository.findById(id)).as(id).isNull());
		assertThat(repository.findingThreads).as("read on the executor's threads too")
			.anyMatch((thread) -> thread.startsWith("autologout-session-"));
		assertThat(this.events).extracting(AutoLogoutEvent::getSessionId).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void logoutByThePrincipalIndexIdsLeavesAnotherUsersSessionListedUnderTheUser() {
		RedisIndexedSessionRepository delegate = indexedRepository();
		String own = createSessions(delegate, "user", 1).get(0);
		String others = createSessions(delegate, "other", 1).get(0);
		this.template.opsForSet()
			.add(this.namespace + ":index:" + FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME + ":user",
					others);

		int ended = service(delegate, new RedisPrincipalSessionIds(delegate)).logout("user");

		assertThat(ended).isEqualTo(1);
		assertThat(delegate.findById(own)).isNull();
		assertThat(delegate.findById(others)).isNotNull();
	}

	@Test
	void failingDeleteSurfacesAfterTheUserWasRevokedAndTheOtherSessionsEnded() {
		IndexedRecordingRepository<?> repository = indexed(indexedRepository());
		List<String> ids = createSessions(repository, "user", 10);
		String failing = ids.get(7);
		repository.failing.add(failing);

		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> service(repository).logout("user"))
			.withMessageContaining(failing);

		assertThat(this.revocations.find("user", this.login)).as("refused all the same")
			.hasValueSatisfying((revocation) -> assertThat(revocation.reason()).isEqualTo(LogoutReason.FORCED));
		assertThat(ids).filteredOn((id) -> !id.equals(failing))
			.allSatisfy((id) -> assertThat(repository.findById(id)).as(id).isNull());
		assertThat(repository.findById(failing)).isNotNull();
	}

	@Test
	void logoutOverTheDefaultRepositoryFindsAndEndsTheTrackedSessionsConcurrently() {
		RedisSessionRepository sessions = new RedisSessionRepository(this.template);
		sessions.setRedisKeyNamespace(this.namespace + ":default");
		RecordingRepository<?> repository = new RecordingRepository<>(sessions);
		List<String> ids = createSessions(repository, "user", 20);

		int ended = service(repository).logout("user");

		assertThat(ended).isEqualTo(20);
		assertThat(ids).allSatisfy((id) -> assertThat(repository.findById(id)).as(id).isNull());
		assertThat(repository.findingThreads).anyMatch((thread) -> thread.startsWith("autologout-session-"));
	}

	private RedisIndexedSessionRepository indexedRepository() {
		RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(this.template);
		repository.setRedisKeyNamespace(this.namespace);
		repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
		return repository;
	}

	private DefaultForceLogoutService service(SessionRepository<?> repository) {
		return service(repository, null);
	}

	private DefaultForceLogoutService service(SessionRepository<?> repository,
			@Nullable PrincipalSessionIds principalSessionIds) {
		SpringSessionIndex<?> index = new SpringSessionIndex<>(repository, this.tracker);
		index.setExecutor(this.executor);
		index.setPrincipalSessionIds(principalSessionIds);
		DefaultForceLogoutService service = new DefaultForceLogoutService(index, this.revocations, (event) -> {
			if (event instanceof AutoLogoutEvent logout) {
				this.events.add(logout);
			}
		}, Clock.systemUTC());
		service.setSessionTracker(this.tracker);
		return service;
	}

	private <S extends Session> List<String> createSessions(SessionRepository<S> repository, String username,
			int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = AuthenticatedSessions.save(repository, username);
			this.tracker.track(new TrackedSession(id, username, this.login.plus(Duration.ofHours(1))));
			ids.add(id);
		}
		return ids;
	}

	private static <S extends Session> IndexedRecordingRepository<S> indexed(
			FindByIndexNameSessionRepository<S> delegate) {
		return new IndexedRecordingRepository<>(delegate);
	}

	/**
	 * A Spring Session repository that records the threads of its calls and fails to delete the
	 * sessions it is told to.
	 */
	static class RecordingRepository<S extends Session> implements SessionRepository<S> {

		final Set<String> deletingThreads = ConcurrentHashMap.newKeySet();

		final Set<String> findingThreads = ConcurrentHashMap.newKeySet();

		final Set<String> failing = ConcurrentHashMap.newKeySet();

		private final SessionRepository<S> delegate;

		RecordingRepository(SessionRepository<S> delegate) {
			this.delegate = delegate;
		}

		@Override
		public S createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(S session) {
			this.delegate.save(session);
		}

		@Override
		public @Nullable S findById(String id) {
			this.findingThreads.add(Thread.currentThread().getName());
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.deletingThreads.add(Thread.currentThread().getName());
			if (this.failing.contains(id)) {
				throw new QueryTimeoutException("Redis command timed out deleting " + id);
			}
			this.delegate.deleteById(id);
		}

	}

	/**
	 * A {@link RecordingRepository} with a principal index.
	 */
	static final class IndexedRecordingRepository<S extends Session> extends RecordingRepository<S>
			implements FindByIndexNameSessionRepository<S> {

		private final FindByIndexNameSessionRepository<S> delegate;

		IndexedRecordingRepository(FindByIndexNameSessionRepository<S> delegate) {
			super(delegate);
			this.delegate = delegate;
		}

		@Override
		public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return this.delegate.findByIndexNameAndIndexValue(indexName, indexValue);
		}

	}

}

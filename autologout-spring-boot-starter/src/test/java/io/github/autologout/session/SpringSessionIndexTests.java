package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.test.Rendezvous;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SpringSessionIndex} ending and finding sessions on an executor.
 */
class SpringSessionIndexTests {

	private final Map<String, Session> store = new ConcurrentHashMap<>();

	private final FailingRepository repository = new FailingRepository(new MapSessionRepository(this.store));

	private final InMemorySessionTracker tracker = new InMemorySessionTracker();

	private final SpringSessionIndex<MapSession> index = new SpringSessionIndex<>(this.repository, this.tracker);

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	@AfterEach
	void shutDown() {
		this.executor.shutdown();
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void sessionOfTheCurrentRequestThatTheRepositoryHasNotSavedYetIsFoundByItsId() {
		MockHttpSession session = new MockHttpSession(null, "new-id-of-a-login");
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, contextOf("user"));
		SessionTimesAttributes.write(session::setAttribute,
				SessionTimes.of(Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-01T09:00:00Z")));
		inRequestOf(session);

		assertThat(this.index.findById("new-id-of-a-login")).hasValueSatisfying((found) -> {
			assertThat(found.username()).isEqualTo("user");
			assertThat(found.authenticatedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
		});
		assertThat(this.index.findById("another-id")).isEmpty();
	}

	@Test
	void sessionStoredUnderTheIdItsRequestCameWithIsListedUnderTheIdTheRequestGaveIt() {
		String cameWith = createSessions("user", 1).get(0);
		String other = createSessions("user", 1).get(0);
		MockHttpSession renamed = new MockHttpSession(null, "new-id-of-a-login");
		renamed.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, contextOf("user"));
		inRequestOf(renamed).setRequestedSessionId(cameWith);

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id)
			.containsExactlyInAnyOrder("new-id-of-a-login", other);
	}

	@Test
	void sessionOfTheCurrentRequestWithoutALoginIsNotFound() {
		inRequestOf(new MockHttpSession(null, "anonymous"));

		assertThat(this.index.findById("anonymous")).isEmpty();
	}

	private static MockHttpServletRequest inRequestOf(MockHttpSession session) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSession(session);
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		return request;
	}

	@Test
	void invalidateAllEndsEverySessionWhenTheExecutorNeverRunsItsTasks() {
		List<String> ids = createSessions("user", 5);
		this.index.setExecutor((task) -> {
			// queued behind a busy, paused or shut down pool: never run
		});

		List<SessionInfo> ended = this.index.invalidateAll(this.index.findByUsername("user"));

		assertThat(ended).extracting(SessionInfo::id).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.store).isEmpty();
	}

	@Test
	void invalidateAllEndsEverySessionWhenTheExecutorRejectsItsTasks() {
		List<String> ids = createSessions("user", 5);
		this.index.setExecutor((task) -> {
			throw new RejectedExecutionException("full");
		});

		List<SessionInfo> ended = this.index.invalidateAll(this.index.findByUsername("user"));

		assertThat(ended).extracting(SessionInfo::id).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.store).isEmpty();
	}

	@Test
	void invalidateAllMakesEveryOtherDeletionThenThrowsTheFirstFailureWithTheOthersSuppressed() {
		List<String> ids = createSessions("user", 10);
		this.repository.failing.addAll(ids.subList(3, 5));
		useExecutor();
		List<SessionInfo> sessions = this.index.findByUsername("user");

		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> this.index.invalidateAll(sessions))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isInstanceOf(QueryTimeoutException.class));

		assertThat(this.store).containsOnlyKeys(ids.subList(3, 5));
	}

	@Test
	void invalidateAllWithoutAnExecutorStillMakesEveryDeletionAfterAFailure() {
		List<String> ids = createSessions("user", 5);
		this.repository.failing.addAll(ids.subList(1, 3));
		List<SessionInfo> sessions = this.index.findByUsername("user");

		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> this.index.invalidateAll(sessions))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isInstanceOf(QueryTimeoutException.class));

		assertThat(this.store).containsOnlyKeys(ids.subList(1, 3));
	}

	@Test
	void invalidateAllDeletesConcurrentlyOnTheExecutorsThreads() {
		createSessions("user", 20);
		useExecutor();
		List<SessionInfo> sessions = this.index.findByUsername("user");
		this.repository.rendezvous = new Rendezvous(2);

		this.index.invalidateAll(sessions);

		assertThat(this.store).isEmpty();
		assertThat(this.repository.rendezvous.waitsInVain()).as("deletions that waited for another in vain").isZero();
		assertThat(this.repository.deletingThreads).anyMatch((thread) -> thread.startsWith("test-session-"));
	}

	@Test
	void findByUsernameReadsTheTrackedSessionsConcurrentlyOnTheExecutorsThreads() {
		List<String> ids = createSessions("user", 20);
		createSessions("other", 2);
		useExecutor();
		this.repository.rendezvous = new Rendezvous(2);

		List<SessionInfo> found = this.index.findByUsername("user");

		assertThat(found).extracting(SessionInfo::id).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.repository.rendezvous.waitsInVain()).as("reads that waited for another in vain").isZero();
		assertThat(this.repository.findingThreads).anyMatch((thread) -> thread.startsWith("test-session-"));
	}

	@Test
	void findByUsernameSkipsTrackedSessionsThatAreGone() {
		List<String> ids = createSessions("user", 3);
		this.store.remove(ids.get(1));
		useExecutor();

		assertThat(this.index.findByUsername("user")).extracting(SessionInfo::id)
			.containsExactlyInAnyOrder(ids.get(0), ids.get(2));
	}

	@Test
	void findByUsernameReadsAgainEverySessionThePrincipalIndexReturnsOnlyAPartOf() {
		List<String> ids = createSessions("user", 3);
		createSessions("other", 1);
		SpringSessionIndex<MapSession> index = new SpringSessionIndex<>(new PartialIndexRepository(this.store, this.repository),
				this.tracker);

		assertThat(index.findByUsername("user")).extracting(SessionInfo::id).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void findByUsernameReadsThePrincipalIndexIdsConcurrentlyAndKeepsOnlyTheUsersLiveSessions() {
		List<String> ids = createSessions("user", 6);
		String others = createSessions("other", 1).get(0);
		String untracked = createSessions("user", 1).get(0);
		this.tracker.untrack("user", List.of(untracked));
		this.store.remove(ids.get(0));
		Set<String> listed = new HashSet<>(ids);
		listed.addAll(List.of(others, untracked, "never-existed"));
		this.index.setPrincipalSessionIds((username) -> username.equals("user") ? listed : Set.of());
		useExecutor();
		this.repository.rendezvous = new Rendezvous(2);

		List<SessionInfo> found = this.index.findByUsername("user");

		List<String> expected = new ArrayList<>(ids.subList(1, ids.size()));
		expected.add(untracked);
		assertThat(found).extracting(SessionInfo::id).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(this.repository.rendezvous.waitsInVain()).as("reads that waited for another in vain").isZero();
	}

	private void useExecutor() {
		this.executor.setThreadNamePrefix("test-session-");
		this.executor.setCorePoolSize(4);
		this.executor.initialize();
		this.index.setExecutor(this.executor);
	}

	private static SecurityContext contextOf(String username) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(username, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	private List<String> createSessions(String username, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			MapSession session = this.repository.createSession();
			session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, contextOf(username));
			this.repository.save(session);
			this.tracker.track(new TrackedSession(session.getId(), username, Instant.now().plusSeconds(3600)));
			ids.add(session.getId());
		}
		return ids;
	}

	/**
	 * A principal index that returns each session of a user without its security context, as
	 * Spring Session JDBC does for a session whose rows its query returned apart.
	 */
	static final class PartialIndexRepository implements FindByIndexNameSessionRepository<MapSession> {

		private final Map<String, Session> store;

		private final FailingRepository delegate;

		PartialIndexRepository(Map<String, Session> store, FailingRepository delegate) {
			this.store = store;
			this.delegate = delegate;
		}

		@Override
		public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			Map<String, MapSession> parts = new HashMap<>();
			for (String id : List.copyOf(this.store.keySet())) {
				MapSession whole = this.delegate.findById(id);
				if (whole != null && indexValue.equals(usernameOf(whole))) {
					MapSession part = new MapSession(id);
					part.setCreationTime(whole.getCreationTime());
					parts.put(id, part);
				}
			}
			return parts;
		}

		private static @Nullable String usernameOf(MapSession session) {
			SecurityContext context = session
				.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			return (context != null && context.getAuthentication() != null) ? context.getAuthentication().getName()
					: null;
		}

		@Override
		public MapSession createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(MapSession session) {
			this.delegate.save(session);
		}

		@Override
		public @Nullable MapSession findById(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

	}

	/**
	 * A repository that records the threads of its calls, fails to delete the sessions it is told
	 * to, and can hold each call until another call is under way at the same time.
	 */
	static final class FailingRepository implements SessionRepository<MapSession> {

		final Set<String> failing = ConcurrentHashMap.newKeySet();

		final Set<String> deletingThreads = ConcurrentHashMap.newKeySet();

		final Set<String> findingThreads = ConcurrentHashMap.newKeySet();

		volatile Rendezvous rendezvous = new Rendezvous(0);

		private final MapSessionRepository delegate;

		FailingRepository(MapSessionRepository delegate) {
			this.delegate = delegate;
		}

		@Override
		public MapSession createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(MapSession session) {
			this.delegate.save(session);
		}

		@Override
		public @Nullable MapSession findById(String id) {
			this.findingThreads.add(Thread.currentThread().getName());
			this.rendezvous.meet();
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.deletingThreads.add(Thread.currentThread().getName());
			this.rendezvous.meet();
			if (this.failing.contains(id)) {
				throw new QueryTimeoutException("timed out deleting " + id);
			}
			this.delegate.deleteById(id);
		}

	}

}

package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.autologout.core.InMemoryRevocationRegistry;
import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.HttpSessionIndex;
import io.github.autologout.session.SessionIndex;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Servlet sessions in the memory of one node, indexed by the starter's {@link HttpSessionIndex}
 * from the container's attribute events, as without Spring Session.
 */
final class InMemoryStore implements Store {

	private final AtomicLong ids = new AtomicLong();

	private HttpSessionIndex index = new HttpSessionIndex();

	private InMemorySessionTracker tracker = new InMemorySessionTracker();

	private InMemoryRevocationRegistry registry = new InMemoryRevocationRegistry(Clock.systemUTC(),
			Duration.ofHours(12));

	private Map<String, MockHttpSession> sessions = new ConcurrentHashMap<>();

	@Override
	public String name() {
		return "in memory (servlet sessions, HttpSessionIndex)";
	}

	@Override
	public void clear() {
		this.index = new HttpSessionIndex();
		this.tracker = new InMemorySessionTracker();
		this.registry = new InMemoryRevocationRegistry(Clock.systemUTC(), Duration.ofHours(12));
		this.sessions = new ConcurrentHashMap<>();
	}

	@Override
	public void fill(int sessions, int sessionsPerUser) {
		Instant now = Instant.now();
		for (int i = 0; i < sessions; i++) {
			create("bg-" + (i / sessionsPerUser), now);
		}
	}

	private String create(String username, Instant lastActivity) {
		MockHttpSession session = new MockHttpSession(null, "s" + this.ids.incrementAndGet());
		SecurityContext context = Store.securityContext(username, session.getId());
		SessionTimesAttributes.write(session::setAttribute, SessionTimes.authenticatedAt(lastActivity));
		this.index.authenticated(session, context.getAuthentication());
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
		this.sessions.put(session.getId(), session);
		this.tracker.track(new TrackedSession(session.getId(), username, lastActivity.plus(IDLE)));
		return session.getId();
	}

	@Override
	public List<String> createSessions(String username, int count, Instant lastActivity) {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(create(username, lastActivity));
		}
		return created;
	}

	@Override
	public SessionIndex index() {
		return this.index;
	}

	@Override
	public SessionLookup lookup() {
		return this.index;
	}

	@Override
	public RevocationRegistry registry() {
		return this.registry;
	}

	@Override
	public SessionTracker tracker() {
		return this.tracker;
	}

	@Override
	public int naiveScan(String username) {
		int found = 0;
		for (MockHttpSession session : this.sessions.values()) {
			if (session.isInvalid()) {
				continue;
			}
			Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			if (context instanceof SecurityContext security && security.getAuthentication() != null
					&& username.equals(security.getAuthentication().getName())) {
				found++;
			}
		}
		return found;
	}

	@Override
	public void memory(int sessions, PrintStream out) {
		List<MockHttpSession> live = this.sessions.values().stream().filter((session) -> !session.isInvalid()).toList();
		int count = live.size();
		long withAll = usedHeap();
		live.forEach((session) -> session.removeAttribute(SessionTimesAttributes.NAME));
		long withoutAttribute = usedHeap();
		live.forEach((session) -> SessionTimesAttributes.write(session::setAttribute,
					SessionTimes.authenticatedAt(Instant.now())));
		long withAttribute = usedHeap();
		// a second tracker of the same sessions: the store's own may be held by the caller
		InMemorySessionTracker copy = new InMemorySessionTracker();
		Instant checkAt = Instant.now().plus(IDLE);
		int distinct = 0;
		for (MockHttpSession session : live) {
			SecurityContext context = (SecurityContext) session
				.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			copy.track(new TrackedSession(session.getId(), context.getAuthentication().getName(),
					checkAt.plusMillis(distinct++)));
		}
		long withCopy = usedHeap();
		out.printf("  used heap after full GCs (%d live sessions): %d B; the '%s' attribute (value and map "
				+ "entry): %.1f B per session; an InMemorySessionTracker of them: %.1f B per session%n", count,
				withAll, SessionTimesAttributes.NAME, (withAttribute - withoutAttribute) / (double) count,
				(withCopy - withAttribute) / (double) copy.size());
	}

	private static long usedHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	@Override
	public void close() {
	}

}

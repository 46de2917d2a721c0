package io.github.autologout.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A {@link SessionTracker} in the memory of one JVM, for a single node.
 */
public final class InMemorySessionTracker implements SessionTracker {

	private static final Comparator<TrackedSession> BY_CHECK = Comparator.comparing(TrackedSession::checkAt)
		.thenComparing(TrackedSession::sessionId);

	private final Map<String, TrackedSession> sessions = new ConcurrentHashMap<>();

	private final ConcurrentSkipListSet<TrackedSession> schedule = new ConcurrentSkipListSet<>(BY_CHECK);

	private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

	@Override
	public synchronized void track(TrackedSession session) {
		untrack(session.sessionId());
		this.sessions.put(session.sessionId(), session);
		this.schedule.add(session);
		this.byUser.computeIfAbsent(session.username(), (name) -> ConcurrentHashMap.newKeySet())
			.add(session.sessionId());
	}

	@Override
	public synchronized List<TrackedSession> claimDue(Instant now, int limit) {
		List<TrackedSession> due = new ArrayList<>();
		while (due.size() < limit && !this.schedule.isEmpty() && !this.schedule.first().checkAt().isAfter(now)) {
			TrackedSession session = this.schedule.pollFirst();
			remove(session);
			due.add(session);
		}
		return due;
	}

	@Override
	public synchronized boolean untrack(String sessionId) {
		TrackedSession session = this.sessions.get(sessionId);
		if (session == null) {
			return false;
		}
		this.schedule.remove(session);
		remove(session);
		return true;
	}

	private void remove(TrackedSession session) {
		this.sessions.remove(session.sessionId());
		this.byUser.computeIfPresent(session.username(), (name, ids) -> {
			ids.remove(session.sessionId());
			return ids.isEmpty() ? null : ids;
		});
	}

	@Override
	public Set<String> sessionIds(String username) {
		return Set.copyOf(this.byUser.getOrDefault(username, Set.of()));
	}

	@Override
	public Set<String> usernames() {
		return Set.copyOf(this.byUser.keySet());
	}

	@Override
	public void seen(String username, Instant instant) {
		this.lastSeen.merge(username, instant, (a, b) -> a.isAfter(b) ? a : b);
	}

	@Override
	public Optional<Instant> lastSeen(String username) {
		return Optional.ofNullable(this.lastSeen.get(username));
	}

	/**
	 * How many sessions are tracked.
	 * @return the number of sessions
	 */
	public int size() {
		return this.sessions.size();
	}

}

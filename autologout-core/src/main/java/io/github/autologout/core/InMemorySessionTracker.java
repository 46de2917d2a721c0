package io.github.autologout.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionTracker} in the memory of one JVM, for a single node.
 * <p>
 * Each session is one small entry, in a set ordered by check instant and in its user's array (a
 * map once the user has many sessions); a claim leases an entry by moving its check instant to the
 * end of the lease.
 */
public final class InMemorySessionTracker implements SessionTracker {

	/** The most sessions of one user kept in an array, which is searched linearly. */
	private static final int ARRAY_LIMIT = 16;

	private final TreeSet<Entry> schedule = new TreeSet<>();

	/** Per user an {@code Entry[]}, or a {@code Map<String, Entry>} by session id beyond {@link #ARRAY_LIMIT}. */
	private final Map<String, Object> byUser = new HashMap<>();

	private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

	@Override
	public synchronized void track(TrackedSession session) {
		Entry entry = new Entry(session.sessionId(), session.username(), session.checkAt().toEpochMilli());
		Entry replaced = put(entry);
		if (replaced != null) {
			this.schedule.remove(replaced);
		}
		this.schedule.add(entry);
	}

	@Override
	public synchronized List<TrackedSession> claimDue(Instant now, int limit) {
		long millis = now.toEpochMilli();
		long leasedUntil = now.plus(CLAIM_LEASE).toEpochMilli();
		List<TrackedSession> due = new ArrayList<>();
		while (due.size() < limit && !this.schedule.isEmpty() && this.schedule.first().checkAt <= millis) {
			Entry entry = this.schedule.pollFirst();
			Entry leased = new Entry(entry.sessionId, entry.username, leasedUntil);
			put(leased);
			this.schedule.add(leased);
			due.add(new TrackedSession(entry.sessionId, entry.username, Instant.ofEpochMilli(entry.checkAt)));
		}
		return due;
	}

	@Override
	public synchronized void untrack(String username, Collection<String> sessionIds) {
		for (String sessionId : sessionIds) {
			Entry entry = remove(username, sessionId);
			if (entry != null) {
				this.schedule.remove(entry);
			}
		}
	}

	@Override
	public synchronized Set<String> sessionIds(String username) {
		Object sessions = this.byUser.get(username);
		if (sessions == null) {
			return Set.of();
		}
		if (sessions instanceof Entry[] array) {
			Set<String> ids = new HashSet<>();
			for (Entry entry : array) {
				ids.add(entry.sessionId);
			}
			return Set.copyOf(ids);
		}
		return Set.copyOf(byId(sessions).keySet());
	}

	@Override
	public synchronized Set<String> usernames() {
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
	public synchronized int size() {
		return this.schedule.size();
	}

	/** Adds the entry to its user's sessions and returns the one with the same id it replaced. */
	private @Nullable Entry put(Entry entry) {
		Object sessions = this.byUser.get(entry.username);
		if (sessions == null) {
			this.byUser.put(entry.username, new Entry[] { entry });
			return null;
		}
		if (!(sessions instanceof Entry[] array)) {
			return byId(sessions).put(entry.sessionId, entry);
		}
		for (int i = 0; i < array.length; i++) {
			if (array[i].sessionId.equals(entry.sessionId)) {
				Entry replaced = array[i];
				array[i] = entry;
				return replaced;
			}
		}
		if (array.length < ARRAY_LIMIT) {
			Entry[] grown = Arrays.copyOf(array, array.length + 1);
			grown[array.length] = entry;
			this.byUser.put(entry.username, grown);
		}
		else {
			Map<String, Entry> map = new HashMap<>();
			for (Entry other : array) {
				map.put(other.sessionId, other);
			}
			map.put(entry.sessionId, entry);
			this.byUser.put(entry.username, map);
		}
		return null;
	}

	/** Removes a session from its user's sessions and returns its entry, if it was there. */
	private @Nullable Entry remove(String username, String sessionId) {
		Object sessions = this.byUser.get(username);
		if (sessions == null) {
			return null;
		}
		if (!(sessions instanceof Entry[] array)) {
			Map<String, Entry> map = byId(sessions);
			Entry removed = map.remove(sessionId);
			if (map.isEmpty()) {
				this.byUser.remove(username);
			}
			return removed;
		}
		for (int i = 0; i < array.length; i++) {
			if (array[i].sessionId.equals(sessionId)) {
				if (array.length == 1) {
					this.byUser.remove(username);
				}
				else {
					Entry[] shrunk = new Entry[array.length - 1];
					System.arraycopy(array, 0, shrunk, 0, i);
					System.arraycopy(array, i + 1, shrunk, i, shrunk.length - i);
					this.byUser.put(username, shrunk);
				}
				return array[i];
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Entry> byId(Object sessions) {
		return (Map<String, Entry>) sessions;
	}

	/**
	 * A tracked session, ordered by check instant.
	 */
	private static final class Entry implements Comparable<Entry> {

		private static final Comparator<Entry> ORDER = Comparator.<Entry>comparingLong((entry) -> entry.checkAt)
			.thenComparing((entry) -> entry.sessionId)
			.thenComparing((entry) -> entry.username);

		private final String sessionId;

		private final String username;

		private final long checkAt;

		Entry(String sessionId, String username, long checkAt) {
			this.sessionId = sessionId;
			this.username = username;
			this.checkAt = checkAt;
		}

		@Override
		public int compareTo(Entry other) {
			return ORDER.compare(this, other);
		}

	}

}

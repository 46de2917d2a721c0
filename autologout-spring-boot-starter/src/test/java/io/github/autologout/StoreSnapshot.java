package io.github.autologout;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bad request must leave alone, taken before it and compared after it: the given sessions
 * with their state (such as their autologout attributes), the revocations that would refuse any
 * of them, every entry of the {@link SessionTracker}, and the {@link AutoLogoutEvent}s published.
 */
public final class StoreSnapshot {

	private final Supplier<List<Session>> sessions;

	private final SessionTracker tracker;

	private final RevocationRegistry revocations;

	private final Supplier<? extends List<AutoLogoutEvent>> events;

	private final State before;

	private StoreSnapshot(Supplier<List<Session>> sessions, SessionTracker tracker, RevocationRegistry revocations,
			Supplier<? extends List<AutoLogoutEvent>> events) {
		this.sessions = sessions;
		this.tracker = tracker;
		this.revocations = revocations;
		this.events = events;
		this.before = capture();
	}

	/**
	 * Takes a snapshot now.
	 * @param sessions the sessions to compare, read again for the comparison
	 * @param tracker the application's tracker
	 * @param revocations the application's registry
	 * @param events the events published so far, read again for the comparison
	 * @return the snapshot
	 */
	public static StoreSnapshot take(Supplier<List<Session>> sessions, SessionTracker tracker,
			RevocationRegistry revocations, Supplier<? extends List<AutoLogoutEvent>> events) {
		return new StoreSnapshot(sessions, tracker, revocations, events);
	}

	/**
	 * Asserts that nothing changed since the snapshot was taken.
	 */
	public void assertUnchanged() {
		assertUnchangedExceptFor();
	}

	/**
	 * Asserts that nothing changed since the snapshot was taken but what concerns the given
	 * users, whose sessions, tracker entries and events the case checks itself.
	 * @param usernames the users left out of the comparison
	 */
	public void assertUnchangedExceptFor(String... usernames) {
		State before = this.before.without(Set.of(usernames));
		State after = capture().without(Set.of(usernames));
		assertThat(after.sessions()).as("sessions, their state and the revocations refusing them")
			.isEqualTo(before.sessions());
		assertThat(after.tracked()).as("the session tracker").isEqualTo(before.tracked());
		assertThat(after.events()).as("AutoLogoutEvents").isEqualTo(before.events());
	}

	private State capture() {
		Map<String, List<Object>> sessions = new TreeMap<>();
		for (Session session : this.sessions.get()) {
			Optional<Revocation> userRevocation = (session.authenticatedAt() != null)
					? this.revocations.find(session.username(), session.authenticatedAt()) : Optional.empty();
			Optional<LogoutReason> sessionRevocation = this.revocations.findSession(session.id());
			sessions.put(session.id(),
					Arrays.asList(session.username(), session.state(), userRevocation, sessionRevocation));
		}
		Map<String, List<Object>> tracked = new TreeMap<>();
		for (String username : this.tracker.usernames()) {
			tracked.put(username,
					List.of(new TreeSet<>(this.tracker.sessionIds(username)), this.tracker.lastSeen(username)));
		}
		return new State(sessions, tracked, List.copyOf(this.events.get()));
	}

	/**
	 * One session to compare.
	 *
	 * @param username its user
	 * @param id its id
	 * @param authenticatedAt when it authenticated, to look up the revocations of its user, or
	 * {@code null} if not known
	 * @param state what must not change, compared with {@code equals}
	 */
	public record Session(String username, String id, @Nullable Instant authenticatedAt, Object state) {

	}

	private record State(Map<String, List<Object>> sessions, Map<String, List<Object>> tracked,
			List<AutoLogoutEvent> events) {

		State without(Set<String> usernames) {
			Map<String, List<Object>> otherSessions = new TreeMap<>(this.sessions);
			otherSessions.values().removeIf((session) -> usernames.contains(session.get(0)));
			Map<String, List<Object>> otherTracked = new TreeMap<>(this.tracked);
			otherTracked.keySet().removeAll(usernames);
			return new State(otherSessions, otherTracked,
					this.events.stream().filter((event) -> !usernames.contains(event.getUsername())).toList());
		}

	}

}

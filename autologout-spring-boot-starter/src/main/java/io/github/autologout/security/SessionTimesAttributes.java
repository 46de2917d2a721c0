package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import io.github.autologout.core.SessionTimes;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a session's {@link SessionTimes} in two small session attributes, as epoch milliseconds
 * in decimal strings, so that every session store saves them cheaply.
 */
public final class SessionTimesAttributes {

	/** Attribute with the instant this session authenticated. */
	static final String AUTHENTICATED_AT = "autologout.at";

	/** Attribute with the instant of the last real activity. */
	static final String LAST_ACTIVITY = "autologout.seen";

	/** Activity closer than this to the recorded one is not written again. */
	static final Duration GRANULARITY = Duration.ofSeconds(1);

	/** How far in the future a stored time may be, for clocks of nodes that differ a little. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private SessionTimesAttributes() {
	}

	/**
	 * Reads the times of a session.
	 * @param session the session
	 * @return the times, or {@code null} if the session has none yet
	 * @throws CorruptSessionTimesException if the attributes hold anything else than valid times
	 */
	static @Nullable SessionTimes read(HttpSession session) {
		return read(session::getAttribute);
	}

	/**
	 * Reads the times of a session and checks that none is in the future by more than the
	 * {@link #CLOCK_SKEW}, which would push its deadlines out of reach.
	 * @param session the session
	 * @param now the current instant
	 * @return the times, or {@code null} if the session has none yet
	 * @throws CorruptSessionTimesException if the attributes hold anything else than valid times
	 */
	static @Nullable SessionTimes read(HttpSession session, Instant now) {
		SessionTimes times = read(session);
		if (times != null && times.lastActivity().isAfter(now.plus(CLOCK_SKEW))) {
			throw new CorruptSessionTimesException(new IllegalArgumentException(
					"lastActivity " + times.lastActivity() + " is more than " + CLOCK_SKEW + " after " + now));
		}
		return times;
	}

	/**
	 * Reads the times of a session from any session store.
	 * @param attributes the session's attributes by name
	 * @return the times, or {@code null} if the session has none yet
	 * @throws CorruptSessionTimesException if the attributes hold anything else than valid times
	 */
	public static @Nullable SessionTimes read(Function<String, @Nullable Object> attributes) {
		Object authenticatedAt = attributes.apply(AUTHENTICATED_AT);
		Object lastActivity = attributes.apply(LAST_ACTIVITY);
		if (authenticatedAt == null && lastActivity == null) {
			return null;
		}
		try {
			return SessionTimes.of(instant(authenticatedAt), instant(lastActivity));
		}
		catch (RuntimeException ex) {
			throw new CorruptSessionTimesException(ex);
		}
	}

	private static Instant instant(@Nullable Object value) {
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("Expected epoch milliseconds as a String but found "
					+ ((value != null) ? value.getClass().getName() : "nothing"));
		}
		return Instant.ofEpochMilli(Long.parseLong(text));
	}

	/**
	 * Writes both times, as at authentication.
	 * @param session the session
	 * @param times the times
	 */
	static void write(HttpSession session, SessionTimes times) {
		session.setAttribute(AUTHENTICATED_AT, Long.toString(times.authenticatedAt().toEpochMilli()));
		session.setAttribute(LAST_ACTIVITY, Long.toString(times.lastActivity().toEpochMilli()));
	}

	/**
	 * Whether activity at the given instant moves the recorded one by at least the
	 * {@link #GRANULARITY}, and so would be written.
	 * @param times the times read at the start of the request
	 * @param now the instant of the activity
	 * @return whether to record it
	 */
	static boolean isActivityWorthRecording(SessionTimes times, Instant now) {
		return !now.isBefore(times.lastActivity().plus(GRANULARITY));
	}

	/**
	 * Records activity unless newer activity is already recorded or the recorded one is less than
	 * the {@link #GRANULARITY} older.
	 * @param session the session
	 * @param times the times read at the start of the request
	 * @param now the instant of the activity
	 */
	static void recordActivity(HttpSession session, SessionTimes times, Instant now) {
		if (!isActivityWorthRecording(times, now)) {
			return;
		}
		SessionTimes current = read(session);
		SessionTimes updated = ((current != null) ? current : times).withActivityAt(now);
		if (current == null || !updated.lastActivity().equals(current.lastActivity())) {
			session.setAttribute(LAST_ACTIVITY, Long.toString(updated.lastActivity().toEpochMilli()));
		}
	}

	/**
	 * Thrown when a session's times cannot be read, for example because an older version or
	 * another library wrote something else under the same names.
	 */
	public static final class CorruptSessionTimesException extends RuntimeException {

		CorruptSessionTimesException(Throwable cause) {
			super("The session's autologout times are unreadable: " + cause.getMessage(), cause);
		}

	}

}

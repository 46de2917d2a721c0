package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.github.autologout.core.SessionTimes;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a session's {@link SessionTimes} in one small session attribute, so that every session
 * store saves them cheaply: a String of the epoch milliseconds of authentication and the
 * milliseconds from there to the last real activity, both in base 36, separated by a colon (for
 * example {@code mi9x1a2b:2bi0}, 14 characters and 21 bytes JDK-serialized for a session
 * active up to 16 hours after its login).
 */
public final class SessionTimesAttributes {

	/** The name of the attribute. */
	public static final String NAME = "autologout";

	private static final int RADIX = 36;

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
		if (times != null && isAhead(times, now)) {
			throw new CorruptSessionTimesException(new IllegalArgumentException(
					"lastActivity " + times.lastActivity() + " is more than " + CLOCK_SKEW + " after " + now));
		}
		return times;
	}

	/**
	 * Whether the times are further ahead of the given instant than the clocks of nodes differ,
	 * which only corrupt times are: they would push the session's deadlines out of reach.
	 * @param times the times of a session
	 * @param now the current instant
	 * @return {@code true} if its last activity is more than the {@link #CLOCK_SKEW} after now
	 */
	public static boolean isAhead(SessionTimes times, Instant now) {
		return times.lastActivity().isAfter(now.plus(CLOCK_SKEW));
	}

	/**
	 * Reads the times of a session from any session store.
	 * @param attributes the session's attributes by name
	 * @return the times, or {@code null} if the session has none yet
	 * @throws CorruptSessionTimesException if the attributes hold anything else than valid times
	 */
	public static @Nullable SessionTimes read(Function<String, @Nullable Object> attributes) {
		Object value;
		try {
			value = attributes.apply(NAME);
		}
		catch (IllegalStateException ex) {
			throw ex; // an invalidated session, which its callers tell apart
		}
		catch (RuntimeException ex) {
			// a store that cannot deserialize it (Spring Session JDBC reads each attribute lazily)
			throw new CorruptSessionTimesException(ex);
		}
		if (value == null) {
			return null;
		}
		try {
			return decode(value);
		}
		catch (RuntimeException ex) {
			throw new CorruptSessionTimesException(ex);
		}
	}

	private static SessionTimes decode(Object value) {
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("Expected a String but found " + value.getClass().getName());
		}
		int colon = text.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("Expected two numbers separated by a colon");
		}
		long authenticatedAt = Long.parseLong(text, 0, colon, RADIX);
		long sinceAuthentication = Long.parseLong(text, colon + 1, text.length(), RADIX);
		return SessionTimes.of(Instant.ofEpochMilli(authenticatedAt),
				Instant.ofEpochMilli(Math.addExact(authenticatedAt, sinceAuthentication)));
	}

	private static String encode(SessionTimes times) {
		long authenticatedAt = times.authenticatedAt().toEpochMilli();
		return Long.toString(authenticatedAt, RADIX) + ':'
				+ Long.toString(times.lastActivity().toEpochMilli() - authenticatedAt, RADIX);
	}

	/**
	 * Writes both times, as at authentication.
	 * @param session the session
	 * @param times the times
	 */
	static void write(HttpSession session, SessionTimes times) {
		write(session::setAttribute, times);
	}

	/**
	 * Writes both times to any session store, as at authentication.
	 * @param attributes sets a session attribute by name
	 * @param times the times
	 */
	public static void write(BiConsumer<String, Object> attributes, SessionTimes times) {
		attributes.accept(NAME, encode(times));
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
	 * Records activity unless newer activity is already recorded, the recorded one is less than
	 * the {@link #GRANULARITY} older, or the session has no times: a session that replaced the
	 * request's own while it ran (an application that switches users) must not inherit the times
	 * of the login it replaced, and gets its own at its first request.
	 * @param session the session
	 * @param times the times read at the start of the request
	 * @param now the instant of the activity
	 */
	static void recordActivity(HttpSession session, SessionTimes times, Instant now) {
		if (!isActivityWorthRecording(times, now)) {
			return;
		}
		SessionTimes current = read(session);
		if (current == null) {
			return;
		}
		SessionTimes updated = current.withActivityAt(now);
		if (!updated.lastActivity().equals(current.lastActivity())) {
			write(session, updated);
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

package io.github.autologout.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Builds values of the {@link SessionTimesAttributes#NAME} attribute from the two times given as
 * a test would write them by hand, valid or not.
 */
final class SessionTimesValues {

	private SessionTimesValues() {
	}

	/**
	 * The attribute's value for the two times.
	 * @param authenticatedAt epoch milliseconds as a decimal String, anything else, or {@code null}
	 * @param lastActivity epoch milliseconds as a decimal String, anything else, or {@code null}
	 * @return {@code null} if both are {@code null}; the first object that is not a String as it
	 * is; the encoded times if both are decimal numbers (even if they make no valid times);
	 * otherwise the two joined as they are, which no valid value looks like
	 */
	static @Nullable Object of(@Nullable Object authenticatedAt, @Nullable Object lastActivity) {
		if (authenticatedAt == null && lastActivity == null) {
			return null;
		}
		if (authenticatedAt != null && !(authenticatedAt instanceof String)) {
			return authenticatedAt;
		}
		if (lastActivity != null && !(lastActivity instanceof String)) {
			return lastActivity;
		}
		try {
			long at = Long.parseLong((String) authenticatedAt);
			long seen = Long.parseLong((String) lastActivity);
			return Long.toString(at, 36) + ":" + Long.toString(seen - at, 36);
		}
		catch (NumberFormatException ex) {
			return ((authenticatedAt != null) ? authenticatedAt : "") + ((lastActivity != null) ? ":" + lastActivity : "");
		}
	}

	/**
	 * The attribute's value for two valid times.
	 */
	static Object of(Instant authenticatedAt, Instant lastActivity) {
		return of(Long.toString(authenticatedAt.toEpochMilli()), Long.toString(lastActivity.toEpochMilli()));
	}

}

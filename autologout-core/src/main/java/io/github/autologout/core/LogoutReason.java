package io.github.autologout.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a session was ended.
 */
public enum LogoutReason {

	/** No real activity for longer than the idle timeout. */
	IDLE,

	/** The session outlived its absolute timeout, counted from its authentication. */
	ABSOLUTE,

	/** An administrator ended the session. */
	FORCED,

	/** The account was disabled, locked, expired or deleted. */
	DISABLED,

	/** The user's credentials changed after this session authenticated. */
	CREDENTIALS_CHANGED,

	/** The user ended the session from another of their sessions ("log out other devices"). */
	ENDED_BY_USER;

	/**
	 * The stable lower-case code of this reason, as used in URLs, JSON and message keys.
	 * @return the code, for example {@code idle} or {@code credentials_changed}
	 */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Finds the reason with the given code.
	 * @param code a code as returned by {@link #code()}; may be {@code null}
	 * @return the reason, or empty if the code is unknown
	 */
	public static Optional<LogoutReason> fromCode(String code) {
		if (code == null) {
			return Optional.empty();
		}
		for (LogoutReason reason : values()) {
			if (reason.code().equals(code)) {
				return Optional.of(reason);
			}
		}
		return Optional.empty();
	}

	/**
	 * Finds the reason that a shared store recorded for an end, where a code this version does
	 * not know, written by a newer one during a rolling upgrade, reads as {@link #FORCED}: what
	 * the newer node ended stays ended here, with the general message.
	 * @param code the recorded code; may be {@code null} where nothing is recorded
	 * @return the reason, or empty if nothing is recorded
	 */
	public static Optional<LogoutReason> fromRecordedCode(String code) {
		return (code != null) ? Optional.of(fromCode(code).orElse(FORCED)) : Optional.empty();
	}

}

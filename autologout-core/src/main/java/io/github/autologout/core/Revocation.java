package io.github.autologout.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A "not before" instant: every session authenticated before it is refused, for the given reason.
 * <p>
 * The instant is rounded up to the next millisecond, the precision at which session times are
 * kept, so that rounding can only ever refuse a session, never let one through.
 *
 * @param notBefore sessions authenticated before this instant are refused
 * @param reason why: {@link LogoutReason#FORCED}, {@link LogoutReason#DISABLED},
 * {@link LogoutReason#CREDENTIALS_CHANGED} or {@link LogoutReason#ENDED_BY_USER}
 */
public record Revocation(Instant notBefore, LogoutReason reason) {

	private static final Set<LogoutReason> REASONS = EnumSet.of(LogoutReason.FORCED, LogoutReason.DISABLED,
			LogoutReason.CREDENTIALS_CHANGED, LogoutReason.ENDED_BY_USER);

	public Revocation {
		Objects.requireNonNull(notBefore, "notBefore must not be null");
		checkReason(reason);
		Instant millis = notBefore.truncatedTo(ChronoUnit.MILLIS);
		notBefore = millis.equals(notBefore) ? notBefore : millis.plusMillis(1);
	}

	/**
	 * The revocation that a shared store recorded, where a reason this version does not know
	 * (written by a newer one during a rolling upgrade) or that no revocation has reads as
	 * {@link LogoutReason#FORCED}, so that what was revoked stays revoked.
	 * @param notBefore the recorded instant
	 * @param code the recorded reason's code
	 * @return the revocation
	 */
	public static Revocation recorded(Instant notBefore, String code) {
		return new Revocation(notBefore,
				LogoutReason.fromRecordedCode(code).filter(REASONS::contains).orElse(LogoutReason.FORCED));
	}

	/**
	 * Checks that sessions may be ended for the reason from outside their own requests: the
	 * timeouts' reasons are the policy's alone.
	 * @param reason the reason
	 * @return the reason
	 * @throws IllegalArgumentException for {@link LogoutReason#IDLE} or {@link LogoutReason#ABSOLUTE}
	 */
	public static LogoutReason checkReason(LogoutReason reason) {
		Objects.requireNonNull(reason, "reason must not be null");
		if (!REASONS.contains(reason)) {
			throw new IllegalArgumentException("A revocation's reason must be one of " + REASONS + ", was " + reason);
		}
		return reason;
	}

	/**
	 * Whether a session authenticated at the given instant is refused by this revocation.
	 * @param authenticatedAt when the session authenticated
	 * @return {@code true} if it authenticated before {@link #notBefore()}
	 */
	public boolean refuses(Instant authenticatedAt) {
		return authenticatedAt.isBefore(this.notBefore);
	}

	/**
	 * The later of this revocation and the other, which refuses every session either refuses.
	 * @param other another revocation, may be {@code null}
	 * @return the revocation with the later instant
	 */
	public Revocation later(Revocation other) {
		return (other == null || !other.notBefore.isAfter(this.notBefore)) ? this : other;
	}

}

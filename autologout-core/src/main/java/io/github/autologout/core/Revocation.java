package io.github.autologout.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A "not before" instant: every session authenticated before it is refused, for the given reason,
 * but the one that authenticated at the {@link #kept() kept} instant, if any.
 * <p>
 * The instant is rounded up to the next millisecond, the precision at which session times are
 * kept, so that rounding can only ever refuse a session, never let one through. A kept instant is
 * a login of that precision, and is dropped where the revocation would not refuse it anyway.
 *
 * @param notBefore sessions authenticated before this instant are refused
 * @param reason why: {@link LogoutReason#FORCED}, {@link LogoutReason#DISABLED},
 * {@link LogoutReason#CREDENTIALS_CHANGED} or {@link LogoutReason#ENDED_BY_USER}
 * @param kept when the one session that goes on authenticated, as "log out my other devices"
 * keeps the session that asks, or {@code null} to refuse every session before the instant
 */
public record Revocation(Instant notBefore, LogoutReason reason, @Nullable Instant kept) {

	private static final Set<LogoutReason> REASONS = EnumSet.of(LogoutReason.FORCED, LogoutReason.DISABLED,
			LogoutReason.CREDENTIALS_CHANGED, LogoutReason.ENDED_BY_USER);

	public Revocation {
		Objects.requireNonNull(notBefore, "notBefore must not be null");
		checkReason(reason);
		Instant millis = notBefore.truncatedTo(ChronoUnit.MILLIS);
		notBefore = millis.equals(notBefore) ? notBefore : millis.plusMillis(1);
		kept = (kept != null && kept.isBefore(notBefore)) ? kept.truncatedTo(ChronoUnit.MILLIS) : null;
	}

	/**
	 * Creates a revocation of every session authenticated before the instant.
	 * @param notBefore sessions authenticated before this instant are refused
	 * @param reason why
	 */
	public Revocation(Instant notBefore, LogoutReason reason) {
		this(notBefore, reason, null);
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
		return recorded(notBefore, code, null);
	}

	/**
	 * The revocation that a shared store recorded with the login it keeps, its reason read as by
	 * {@link #recorded(Instant, String)}.
	 * @param notBefore the recorded instant
	 * @param code the recorded reason's code
	 * @param kept the recorded login that goes on, or {@code null}
	 * @return the revocation
	 */
	public static Revocation recorded(Instant notBefore, String code, @Nullable Instant kept) {
		return new Revocation(notBefore,
				LogoutReason.fromRecordedCode(code).filter(REASONS::contains).orElse(LogoutReason.FORCED), kept);
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
	 * @return {@code true} if it authenticated before {@link #notBefore()}, and not at the
	 * {@link #kept()} instant
	 */
	public boolean refuses(Instant authenticatedAt) {
		return authenticatedAt.isBefore(this.notBefore)
				&& (this.kept == null || !this.kept.equals(authenticatedAt.truncatedTo(ChronoUnit.MILLIS)));
	}

	/**
	 * The revocation that refuses every session either this one or the other refuses: the one
	 * with the later instant, which keeps its kept login only where the other does not refuse it.
	 * @param other another revocation, may be {@code null}
	 * @return the revocation that refuses what both refuse
	 */
	public Revocation later(@Nullable Revocation other) {
		if (other == null) {
			return this;
		}
		Revocation later = other.notBefore.isAfter(this.notBefore) ? other : this;
		Revocation earlier = (later == this) ? other : this;
		return (later.kept == null || !earlier.refuses(later.kept)) ? later
				: new Revocation(later.notBefore, later.reason);
	}

}

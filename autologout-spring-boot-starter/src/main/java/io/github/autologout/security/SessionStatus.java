package io.github.autologout.security;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Where an authenticated session stands at one instant: its policy and times, and the time left
 * until each deadline.
 *
 * @param policy the session's timeout policy
 * @param times the session's times
 * @param now the instant this status describes
 */
public record SessionStatus(TimeoutPolicy policy, SessionTimes times, Instant now) {

	/**
	 * Keeps the instant to the millisecond, as the times are kept: a finer one would take up to a
	 * millisecond, and so a whole second, off the seconds left of a session active this millisecond.
	 */
	public SessionStatus {
		now = now.truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * The status of the request's session, if it has autologout times.
	 * @param request the current request
	 * @param policy the policy of the request's user
	 * @param now the current instant
	 * @return the status, or empty if the request has no session or the session no times
	 * (unreadable times count as none)
	 */
	public static Optional<SessionStatus> of(HttpServletRequest request, TimeoutPolicy policy, Instant now) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return Optional.empty();
		}
		try {
			SessionTimes times = SessionTimesAttributes.read(session);
			return Optional.ofNullable(times).map((t) -> new SessionStatus(policy, t, now));
		}
		catch (SessionTimesAttributes.CorruptSessionTimesException | IllegalStateException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whole seconds left until the idle deadline, never negative.
	 * @return the seconds left
	 */
	public long secondsUntilIdleEnd() {
		return this.policy.untilIdleEnd(this.times, this.now).toSeconds();
	}

	/**
	 * Whole seconds left until the absolute deadline, never negative.
	 * @return the seconds left
	 */
	public long secondsUntilSessionEnd() {
		return this.policy.untilSessionEnd(this.times, this.now).toSeconds();
	}


	/**
	 * How long before the idle deadline the user is warned.
	 * @return the warning time, zero for none
	 */
	public Duration warnBefore() {
		return this.policy.warnBefore();
	}

	/**
	 * The status as the status endpoint reports it.
	 * @return the JSON members in order
	 */
	public Map<String, @Nullable Object> toJson() {
		Map<String, @Nullable Object> json = new LinkedHashMap<>();
		json.put("authenticated", true);
		json.put("secondsUntilIdleEnd", secondsUntilIdleEnd());
		json.put("secondsUntilSessionEnd", secondsUntilSessionEnd());
		json.put("idleTimeoutSeconds", this.policy.idleTimeout().toSeconds());
		json.put("warnBeforeSeconds", this.policy.warnBefore().toSeconds());
		return json;
	}

}

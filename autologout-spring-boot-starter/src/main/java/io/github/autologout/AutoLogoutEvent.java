package io.github.autologout;

import io.github.autologout.core.LogoutReason;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when autologout ends a session: after the idle or absolute timeout, or because the
 * session was revoked.
 */
public class AutoLogoutEvent extends ApplicationEvent {

	private final String username;

	private final @Nullable String sessionId;

	private final LogoutReason reason;

	/**
	 * Creates an event.
	 * @param source the component that ended the session
	 * @param username the name of the user whose session ended
	 * @param sessionId the id of the ended session, or {@code null} if not known
	 * @param reason why the session ended
	 */
	public AutoLogoutEvent(Object source, String username, @Nullable String sessionId, LogoutReason reason) {
		super(source);
		this.username = username;
		this.sessionId = sessionId;
		this.reason = reason;
	}

	public String getUsername() {
		return this.username;
	}

	public @Nullable String getSessionId() {
		return this.sessionId;
	}

	public LogoutReason getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "AutoLogoutEvent[username=" + this.username + ", sessionId=" + this.sessionId + ", reason="
				+ this.reason + "]";
	}

}

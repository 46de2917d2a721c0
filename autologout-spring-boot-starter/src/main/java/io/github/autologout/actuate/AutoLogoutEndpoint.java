package io.github.autologout.actuate;

import java.time.Instant;
import java.util.List;

import io.github.autologout.expiry.UserPresence;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.UserSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code autologout} Actuator endpoint: who has sessions, a user's sessions, and force logout
 * of a user. Session ids are never shown, only {@link SessionInfo#reference() references}.
 */
@Endpoint(id = "autologout")
public final class AutoLogoutEndpoint {

	private final ForceLogoutService forceLogoutService;

	private @Nullable UserPresence presence;

	/**
	 * Creates the endpoint.
	 * @param forceLogoutService the service it exposes
	 */
	public AutoLogoutEndpoint(ForceLogoutService forceLogoutService) {
		this.forceLogoutService = forceLogoutService;
	}

	/**
	 * Sets where presence comes from, so that a user's listing tells whether they are active and
	 * when they were last seen even after their sessions ended.
	 * @param presence the presence, or {@code null} to derive it from the live sessions only
	 */
	public void setPresence(@Nullable UserPresence presence) {
		this.presence = presence;
	}

	/**
	 * The users with live sessions or, given a {@code username} parameter, that user's sessions as
	 * {@link #sessions(String)} lists them: a name that a path cannot carry (with a {@code \},
	 * {@code /}, {@code %} or {@code ;}, as {@code DOMAIN\alice}) goes as the parameter.
	 * @param username a user's name, or {@code null} for every user
	 * @return the users, or the user's sessions
	 */
	@ReadOperation
	public Object users(@Nullable String username) {
		return (username != null) ? sessions(requireName(username))
				: new UsersDescriptor(this.forceLogoutService.users());
	}

	/**
	 * The live sessions of one user.
	 * @param username the user's name
	 * @return the sessions, none for an unknown user
	 */
	@ReadOperation
	public SessionsDescriptor sessions(@Selector String username) {
		List<SessionInfo> sessions = this.forceLogoutService.sessions(username, null);
		boolean active = (this.presence != null) ? this.presence.isActive(username) : !sessions.isEmpty();
		Instant lastSeen = (this.presence != null) ? this.presence.lastSeen(username).orElse(null)
				: sessions.stream()
					.map(SessionInfo::lastActivity)
					.filter((instant) -> instant != null)
					.max(Instant::compareTo)
					.orElse(null);
		return new SessionsDescriptor(username, active, lastSeen,
				sessions.stream().map(SessionDescriptor::new).toList());
	}

	/**
	 * Ends every session of one user and keeps the user's earlier logins out.
	 * @param username the user's name
	 * @return how many sessions were ended
	 */
	@DeleteOperation
	public LogoutDescriptor logout(@Selector String username) {
		return new LogoutDescriptor(username, this.forceLogoutService.logout(username));
	}

	/**
	 * Ends every session of the user that the {@code username} parameter names, as
	 * {@link #logout(String)} does, for a name that a path cannot carry.
	 * @param username the user's name
	 * @return how many sessions were ended
	 */
	@DeleteOperation
	public LogoutDescriptor logoutByParameter(String username) {
		return logout(requireName(username));
	}

	/** Refuses an empty {@code username} parameter, which names no one, with a {@code 400}. */
	private static String requireName(String username) {
		if (username.isEmpty()) {
			throw new InvalidEndpointRequestException("The username parameter is empty", "Empty username");
		}
		return username;
	}

	/**
	 * The users with live sessions.
	 *
	 * @param users each user with their number of sessions and latest activity
	 */
	public record UsersDescriptor(List<UserSessions> users) {
	}

	/**
	 * The live sessions of one user, and the user's presence.
	 *
	 * @param username the user's name
	 * @param active whether the user has a session that has not ended
	 * @param lastSeen the user's latest real activity, in a live or an ended session
	 * @param sessions the sessions, most recently active first
	 */
	public record SessionsDescriptor(String username, boolean active, @Nullable Instant lastSeen,
			List<SessionDescriptor> sessions) {
	}

	/**
	 * One session, without its id.
	 *
	 * @param reference a hash of the session's id
	 * @param createdAt when the session was created
	 * @param authenticatedAt when it authenticated, if known
	 * @param lastActivity its last real activity, if known
	 * @param clientAddress the client's IP address, if recorded
	 * @param userAgent the client's user agent, if recorded
	 */
	public record SessionDescriptor(String reference, Instant createdAt, @Nullable Instant authenticatedAt,
			@Nullable Instant lastActivity, @Nullable String clientAddress, @Nullable String userAgent) {

		SessionDescriptor(SessionInfo session) {
			this(session.reference(), session.createdAt(), session.authenticatedAt(), session.lastActivity(),
					session.clientAddress(), session.userAgent());
		}

	}

	/**
	 * The outcome of a force logout.
	 *
	 * @param username the user's name
	 * @param sessionsEnded how many sessions were ended
	 */
	public record LogoutDescriptor(String username, int sessionsEnded) {
	}

}

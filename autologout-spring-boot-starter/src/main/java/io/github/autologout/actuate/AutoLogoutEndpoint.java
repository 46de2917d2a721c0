package io.github.autologout.actuate;

import java.time.Instant;
import java.util.List;

import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.UserSessions;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Creates the endpoint.
	 * @param forceLogoutService the service it exposes
	 */
	public AutoLogoutEndpoint(ForceLogoutService forceLogoutService) {
		this.forceLogoutService = forceLogoutService;
	}

	/**
	 * The users with live sessions.
	 * @return the users
	 */
	@ReadOperation
	public UsersDescriptor users() {
		return new UsersDescriptor(this.forceLogoutService.users());
	}

	/**
	 * The live sessions of one user.
	 * @param username the user's name
	 * @return the sessions, none for an unknown user
	 */
	@ReadOperation
	public SessionsDescriptor sessions(@Selector String username) {
		return new SessionsDescriptor(username,
				this.forceLogoutService.sessions(username, null).stream().map(SessionDescriptor::new).toList());
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
	 * The users with live sessions.
	 *
	 * @param users each user with their number of sessions and latest activity
	 */
	public record UsersDescriptor(List<UserSessions> users) {
	}

	/**
	 * The live sessions of one user.
	 *
	 * @param username the user's name
	 * @param sessions the sessions, most recently active first
	 */
	public record SessionsDescriptor(String username, List<SessionDescriptor> sessions) {
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

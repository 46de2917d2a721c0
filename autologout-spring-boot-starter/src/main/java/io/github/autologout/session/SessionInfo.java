package io.github.autologout.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.security.ClientDetails;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import org.jspecify.annotations.Nullable;

/**
 * One live authenticated session, as listed to administrators and to its user.
 * <p>
 * The {@link #id()} lets whoever knows it use the session: never show it, log it or send it to
 * a browser; use the {@link #reference()} to name a session in pages and APIs instead. Written
 * as JSON by Jackson, as a controller that returns it is, a session has its reference and no id.
 *
 * @param id the session's id
 * @param username the name of the session's user
 * @param createdAt when the session was created
 * @param authenticatedAt when the session authenticated, or {@code null} if not known
 * @param lastActivity the last real (non-passive) activity, or {@code null} if not known
 * @param clientAddress the client's IP address, or {@code null} if not recorded (recording is
 * opt-in: {@code autologout.record-client-details})
 * @param userAgent the client's user agent, or {@code null} if not recorded
 * @param current whether this is the session of the request that asked
 */
public record SessionInfo(@JsonIgnore String id, String username, Instant createdAt, @Nullable Instant authenticatedAt,
		@Nullable Instant lastActivity, @Nullable String clientAddress, @Nullable String userAgent,
		boolean current) {

	/**
	 * Describes a session from its attributes, as autologout keeps them in every store.
	 * @param id the session's id
	 * @param username the name of the session's user
	 * @param createdAt when the session was created
	 * @param attributes the session's attributes by name
	 * @return the session, not current
	 */
	public static SessionInfo of(String id, String username, Instant createdAt,
			Function<String, @Nullable Object> attributes) {
		SessionTimes times;
		try {
			times = SessionTimesAttributes.read(attributes);
		}
		catch (CorruptSessionTimesException ex) {
			times = null;
		}
		ClientDetails client = ClientDetails.read(attributes);
		return new SessionInfo(id, username, createdAt, (times != null) ? times.authenticatedAt() : null,
				(times != null) ? times.lastActivity() : null, client.address(), client.userAgent(), false);
	}

	/**
	 * When the session authenticated, or, where that is not known (its times are not saved yet),
	 * when it was created, as autologout's filter counts it.
	 * @return the instant
	 */
	public Instant authenticatedAtOrCreated() {
		return (this.authenticatedAt != null) ? this.authenticatedAt : this.createdAt;
	}

	/**
	 * This session, marked as current or not.
	 * @param current whether it is the session of the request that asked
	 * @return the session with the flag set
	 */
	public SessionInfo withCurrent(boolean current) {
		return new SessionInfo(this.id, this.username, this.createdAt, this.authenticatedAt, this.lastActivity,
				this.clientAddress, this.userAgent, current);
	}

	/**
	 * A short name of this session that reveals nothing about its id, so pages and APIs can show
	 * it and send it back: a hash of the id.
	 * @return 22 URL-safe characters, the same for the same id
	 */
	@JsonProperty
	public String reference() {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(this.id.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	@Override
	public String toString() {
		return "SessionInfo[reference=" + reference() + ", username=" + this.username + ", createdAt="
				+ this.createdAt + ", authenticatedAt=" + this.authenticatedAt + ", lastActivity=" + this.lastActivity
				+ ", current=" + this.current + "]";
	}

}

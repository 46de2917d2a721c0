package io.github.autologout.redis;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.autologout.session.PrincipalSessionIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.util.Assert;

/**
 * The principal index of Spring Session's {@link RedisIndexedSessionRepository}, read with one
 * {@code SMEMBERS} through the repository's own {@link RedisOperations}.
 * <p>
 * The index is the set {@code <namespace>:index:<PRINCIPAL_NAME_INDEX_NAME>:<username>} that the
 * repository writes at each save of an authenticated session; the namespace is read from the
 * repository's created-session channel, {@code <namespace>:event:<database>:created:}, so that a
 * namespace set by any customizer is followed.
 */
public final class RedisPrincipalSessionIds implements PrincipalSessionIds {

	private static final Log logger = LogFactory.getLog(RedisPrincipalSessionIds.class);

	private static final Pattern CREATED_CHANNEL_PREFIX = Pattern.compile("(.+:)event:\\d+:created:");

	private final RedisOperations<String, Object> operations;

	private final String keyPrefix;

	private final String sessionKeyPrefix;

	/**
	 * Creates a reader of the repository's principal index.
	 * @param repository the application's repository, configured
	 * @throws IllegalStateException if the repository's channels do not show its namespace
	 */
	public RedisPrincipalSessionIds(RedisIndexedSessionRepository repository) {
		Matcher channel = CREATED_CHANNEL_PREFIX.matcher(repository.getSessionCreatedChannelPrefix());
		Assert.state(channel.matches(), () -> "Cannot tell the key namespace of the Redis session repository from "
				+ "its channel " + repository.getSessionCreatedChannelPrefix());
		this.operations = repository.getSessionRedisOperations();
		this.keyPrefix = channel.group(1) + "index:" + FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME
				+ ":";
		this.sessionKeyPrefix = channel.group(1) + "sessions:";
	}

	/**
	 * Reads the user's ids; an index that this application cannot read, written with another
	 * serializer or by another client, lists none, rather than failing every expiry pass that
	 * claims the user: a force logout still refuses the user's sessions by revocation.
	 */
	@Override
	public Set<String> find(String username) {
		Set<Object> members;
		try {
			members = this.operations.opsForSet().members(this.keyPrefix + username);
		}
		catch (RuntimeException ex) {
			if (!RedisSessionKeys.isUnreadableSession(ex)) {
				throw ex;
			}
			logger.warn("Found no session of a user whose entry in Spring Session's principal index cannot be read: "
					+ ex.getMessage());
			return Set.of();
		}
		Set<String> ids = new HashSet<>();
		if (members != null) {
			for (Object member : members) {
				if (member instanceof String id) {
					ids.add(id);
				}
			}
		}
		return ids;
	}

	/**
	 * Removes the ids whose session hash is gone with one {@code SREM}; an id whose hash is still
	 * there is left, even if this application cannot read it, as another node may.
	 */
	@Override
	public void removeGone(String username, Collection<String> sessionIds) {
		Object[] gone = sessionIds.stream()
			.filter((id) -> !Boolean.TRUE.equals(this.operations.hasKey(this.sessionKeyPrefix + id)))
			.toArray();
		if (gone.length > 0) {
			this.operations.opsForSet().remove(this.keyPrefix + username, gone);
		}
	}

}

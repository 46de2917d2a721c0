package io.github.autologout.core;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers which sessions must be refused: "not before" instants per user and for everyone,
 * and the ids of single sessions that were ended.
 * <p>
 * This is what makes a forced logout hold even where a session store cannot be searched by user:
 * every request checks its session against the registry. Implementations must be thread-safe, and
 * shared by every node of a cluster.
 */
public interface RevocationRegistry {

	/**
	 * Refuses every session of the user that authenticated before the revocation's instant, but
	 * the login it keeps. The user's revocations add up: what one refused stays refused, as
	 * {@link Revocation#later(Revocation)} combines them, so an earlier one never replaces a later
	 * one, and a later one keeps its login only where no earlier one refuses it.
	 * @param username the user's name, exactly as the security framework reports it
	 * @param revocation the instant and the reason
	 */
	void revokeUser(String username, Revocation revocation);

	/**
	 * Refuses every session of every user that authenticated before the revocation's instant.
	 * @param revocation the instant and the reason
	 */
	void revokeEveryone(Revocation revocation);

	/**
	 * The revocation that refuses a session of the user that authenticated at the given instant.
	 * @param username the user's name
	 * @param authenticatedAt when the session authenticated
	 * @return the user's or everyone's revocation that refuses the session, the later where both
	 * do, or empty if the session may go on
	 */
	Optional<Revocation> find(String username, Instant authenticatedAt);

	/**
	 * As {@link #find}, but from the store that the nodes share where there is one, rather than
	 * this node's copy of it, which learns of another node's revocation a moment later: for the
	 * rare check that must not miss it, such as a remember-me login, which would otherwise start
	 * a session that authenticated after the revocation and so is never refused by it. Costs a
	 * round trip to the store; this default, for a registry of one node, is {@link #find}.
	 * @param username the user's name
	 * @param authenticatedAt when the session or cookie authenticated
	 * @return the user's or everyone's revocation that refuses it, or empty
	 */
	default Optional<Revocation> findLatest(String username, Instant authenticatedAt) {
		return find(username, authenticatedAt);
	}

	/**
	 * As {@link #findLatest}, for a remember-me cookie or token: refused by any revocation of its
	 * user or of everyone after it was issued, whatever login the revocation keeps, since a kept
	 * login is a session's, never a cookie's ("log out my other devices" refuses the cookies of
	 * the device it keeps too).
	 * @param username the user's name
	 * @param issuedAt when the cookie or token was issued
	 * @return the user's or everyone's revocation that refuses it, or empty
	 */
	default Optional<Revocation> findLatestForRememberMe(String username, Instant issuedAt) {
		return findLatest(username, issuedAt)
			.or(() -> find(username, Instant.EPOCH).filter((revocation) -> issuedAt.isBefore(revocation.notBefore())));
	}

	/**
	 * Remembers that one session was ended and why, so that its next request can say so. The
	 * first call for a session wins, on every node: a later one keeps the first reason and
	 * returns {@code false}, which is how the request, the expiry checker and a force logout that
	 * end the same session at the same moment publish one event between them.
	 * @param sessionId the id of the ended session
	 * @param reason why it was ended
	 * @return whether this call recorded the end, {@code false} if it was recorded before and is
	 * still remembered
	 */
	boolean revokeSession(String sessionId, LogoutReason reason);

	/**
	 * Remembers that several sessions were ended for the same reason, as
	 * {@link #revokeSession(String, LogoutReason)} does for each; shared stores override this to
	 * write them all in one round trip.
	 * @param sessionIds the ids of the ended sessions
	 * @param reason why they were ended
	 * @return the ids whose end this call recorded
	 */
	default Set<String> revokeSessions(Collection<String> sessionIds, LogoutReason reason) {
		Set<String> recorded = new LinkedHashSet<>();
		for (String sessionId : sessionIds) {
			if (revokeSession(sessionId, reason)) {
				recorded.add(sessionId);
			}
		}
		return recorded;
	}

	/**
	 * Why the session with the given id was ended, if it was ended through this registry.
	 * @param sessionId a session id as sent by a client
	 * @return the reason, or empty if the id is unknown or forgotten
	 */
	Optional<LogoutReason> findSession(String sessionId);

}

package io.github.autologout.test;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;

/**
 * A registry that passes every call to another, for a test to change one of them.
 */
public class ForwardingRevocationRegistry implements RevocationRegistry {

	private final RevocationRegistry delegate;

	/**
	 * Creates a registry that passes every call on.
	 * @param delegate the registry that answers
	 */
	public ForwardingRevocationRegistry(RevocationRegistry delegate) {
		this.delegate = delegate;
	}

	@Override
	public void revokeUser(String username, Revocation revocation) {
		this.delegate.revokeUser(username, revocation);
	}

	@Override
	public void revokeEveryone(Revocation revocation) {
		this.delegate.revokeEveryone(revocation);
	}

	@Override
	public Optional<Revocation> find(String username, Instant authenticatedAt) {
		return this.delegate.find(username, authenticatedAt);
	}

	@Override
	public boolean revokeSession(String sessionId, LogoutReason reason) {
		return this.delegate.revokeSession(sessionId, reason);
	}

	@Override
	public Set<String> revokeSessions(Collection<String> sessionIds, LogoutReason reason) {
		return this.delegate.revokeSessions(sessionIds, reason);
	}

	@Override
	public Optional<LogoutReason> findSession(String sessionId) {
		return this.delegate.findSession(sessionId);
	}

}

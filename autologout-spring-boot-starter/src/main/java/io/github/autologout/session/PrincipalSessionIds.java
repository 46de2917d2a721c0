package io.github.autologout.session;

import java.util.Set;

/**
 * Reads the ids in a session store's own principal index without reading the sessions, so that
 * a {@link SpringSessionIndex} can read them concurrently where the repository's
 * {@code findByPrincipalName} would read them one after the other.
 */
@FunctionalInterface
public interface PrincipalSessionIds {

	/**
	 * The ids that the store's principal index holds for the user, including those of sessions
	 * that have ended and not yet been cleaned up.
	 * @param username the user's name, matched exactly
	 * @return the ids, empty if there are none
	 */
	Set<String> find(String username);

}

package io.github.autologout.expiry;

/**
 * Thrown by a {@link SessionLookup} for a stored session whose security context cannot be read,
 * for example because the classes it was serialized with changed since: such a session signs in
 * no one, and is ended rather than read again and again.
 */
public final class UnreadableSessionException extends RuntimeException {

	UnreadableSessionException(RuntimeException cause) {
		super("The security context of a session is unreadable: " + cause.getMessage(), cause);
	}

}

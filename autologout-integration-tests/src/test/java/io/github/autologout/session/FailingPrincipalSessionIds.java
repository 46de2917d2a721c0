package io.github.autologout.session;

import java.util.Collection;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A reader of a store's principal index that fails, as an unavailable store does, while a
 * condition holds.
 */
public final class FailingPrincipalSessionIds implements PrincipalSessionIds {

	private final PrincipalSessionIds delegate;

	private final BooleanSupplier failing;

	private FailingPrincipalSessionIds(PrincipalSessionIds delegate, BooleanSupplier failing) {
		this.delegate = delegate;
		this.failing = failing;
	}

	/**
	 * Reads through the given reader unless the condition holds.
	 * @param delegate the store's reader
	 * @param failing whether reading fails
	 * @return the reader
	 */
	public static PrincipalSessionIds failingWhile(PrincipalSessionIds delegate, BooleanSupplier failing) {
		return new FailingPrincipalSessionIds(delegate, failing);
	}

	@Override
	public Set<String> find(String username) {
		if (this.failing.getAsBoolean()) {
			throw new IllegalStateException("session store unavailable");
		}
		return this.delegate.find(username);
	}

	@Override
	public void removeGone(String username, Collection<String> sessionIds) {
		this.delegate.removeGone(username, sessionIds);
	}

}

package io.github.autologout.tracker;

import io.github.autologout.core.InMemorySessionTracker;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.test.PerSessionTrackerContractTests;

/**
 * Tests for {@link InMemorySessionTracker}; its nodes share one instance.
 */
class InMemorySessionTrackerTests extends PerSessionTrackerContractTests {

	private final InMemorySessionTracker tracker = new InMemorySessionTracker();

	@Override
	protected SessionTracker newNode() {
		return this.tracker;
	}

}

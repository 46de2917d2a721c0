package io.github.autologout.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes calls meet to show that they run at the same time: each waits, five seconds at most,
 * until as many calls as the rendezvous expects have arrived. A call that waited in vain, as it
 * does where the calls run one after the other, is counted, for a test to assert that none did.
 */
public final class Rendezvous {

	private static final long PATIENCE_SECONDS = 5;

	private final CountDownLatch arrivals;

	private final AtomicInteger waitsInVain = new AtomicInteger();

	/**
	 * Creates a rendezvous.
	 * @param calls how many calls are to meet; zero for none, which never waits
	 */
	public Rendezvous(int calls) {
		this.arrivals = new CountDownLatch(calls);
	}

	/**
	 * Arrives and waits for the other calls.
	 */
	public void meet() {
		this.arrivals.countDown();
		try {
			if (!this.arrivals.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
				this.waitsInVain.incrementAndGet();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.waitsInVain.incrementAndGet();
		}
	}

	/**
	 * How many calls waited for the others in vain.
	 * @return the count, zero where every call met the others
	 */
	public int waitsInVain() {
		return this.waitsInVain.get();
	}

}

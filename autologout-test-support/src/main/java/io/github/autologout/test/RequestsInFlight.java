package io.github.autologout.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

import static org.awaitility.Awaitility.await;

/**
 * Counts the requests that servlet containers are still processing, filters included, so that a
 * test can wait for the end of a request whose response has already reached it: a filter's work
 * after the rest of the chain, such as recording activity at the clock's instant, may still be
 * running then, and would see a clock the test moves meanwhile. Register one instance as a
 * listener of each container whose requests to count.
 */
public final class RequestsInFlight implements ServletRequestListener {

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public void requestInitialized(ServletRequestEvent event) {
		this.count.incrementAndGet();
	}

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		this.count.decrementAndGet();
	}

	/**
	 * Waits, five seconds at most, until no request is being processed.
	 */
	public void awaitNone() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.count.get() == 0);
	}

}

package io.github.autologout.test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.core.Ordered;

import static org.awaitility.Awaitility.await;

/**
 * Counts the requests that servlet containers are still processing, so that a test can wait for
 * the end of a request whose response has already reached it: a filter's work after the rest of
 * the chain, such as recording activity at the clock's instant, may still be running then, and
 * would see a clock the test moves meanwhile. A filter ordered first, so that it wraps every other
 * filter, rather than a request listener, which would make the container build an event for every
 * request attribute; register one instance as a bean of each application whose requests to count.
 */
public final class RequestsInFlight implements Filter, Ordered {

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		this.count.incrementAndGet();
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.count.decrementAndGet();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Waits, five seconds at most, until no request is being processed.
	 */
	public void awaitNone() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.count.get() == 0);
	}

}

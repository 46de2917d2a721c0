package io.github.autologout.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;

/**
 * Added to the sample app with {@link WithoutAutoLogoutChain} (never part of the sample itself):
 * sums the CPU time that each request's thread spends while the rest of the filter chain runs,
 * and the bytes it allocates meanwhile, separately for the requests that {@code run.sh} sends as its "on" and its
 * "off" mode (the {@value #MODE_HEADER} header, {@code on} or {@code off}; requests without it
 * are not counted), and answers {@code GET} {@value #PATH} with the sums since its last answer,
 * as {@code on_requests=… on_cpu_ns=… on_bytes=… off_requests=…} and so on.
 * <p>
 * Unlike the CPU of the whole process, it leaves out what both modes share (the garbage
 * collector, the JIT compiler, Tomcat's poller) and does not depend on how the machine schedules
 * the two modes' load, so the difference of the two modes is what autologout's filter and its
 * observation cost a request. The bytes tell what autologout adds to the collector's work, which
 * both modes share.
 */
final class RequestThreadCpu implements Filter, Ordered {

	/** The path that answers the sums. */
	static final String PATH = "/benchmark/request-thread-cpu";

	/** The request header that names the mode a request is counted in. */
	static final String MODE_HEADER = "X-Benchmark-Mode";

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final LongAdder onRequests = new LongAdder();

	private final LongAdder onNanos = new LongAdder();

	private final LongAdder onBytes = new LongAdder();

	private final LongAdder offRequests = new LongAdder();

	private final LongAdder offNanos = new LongAdder();

	private final LongAdder offBytes = new LongAdder();

	RequestThreadCpu() {
		if (!this.threads.isCurrentThreadCpuTimeSupported() || !this.threads.isThreadAllocatedMemorySupported()) {
			throw new IllegalStateException("This JVM cannot measure the CPU time or the allocations of a thread");
		}
		this.threads.setThreadCpuTimeEnabled(true);
		this.threads.setThreadAllocatedMemoryEnabled(true);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		if (PATH.equals(http.getRequestURI())) {
			answer((HttpServletResponse) response);
			return;
		}
		String mode = http.getHeader(MODE_HEADER);
		if (!"on".equals(mode) && !"off".equals(mode)) {
			chain.doFilter(request, response);
			return;
		}
		long start = this.threads.getCurrentThreadCpuTime();
		long allocatedBefore = this.threads.getCurrentThreadAllocatedBytes();
		try {
			chain.doFilter(request, response);
		}
		finally {
			long allocated = this.threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
			long spent = this.threads.getCurrentThreadCpuTime() - start;
			boolean on = "on".equals(mode);
			(on ? this.onRequests : this.offRequests).increment();
			(on ? this.onNanos : this.offNanos).add(spent);
			(on ? this.onBytes : this.offBytes).add(allocated);
		}
	}

	/**
	 * Ordered first, before Spring Session's, Spring Security's and the observation's filters, so
	 * that it counts what they cost.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private void answer(HttpServletResponse response) throws IOException {
		String sums = "on_requests=" + this.onRequests.sumThenReset() + " on_cpu_ns=" + this.onNanos.sumThenReset()
				+ " on_bytes=" + this.onBytes.sumThenReset() + " off_requests=" + this.offRequests.sumThenReset()
				+ " off_cpu_ns=" + this.offNanos.sumThenReset() + " off_bytes=" + this.offBytes.sumThenReset() + "\n";
		response.setContentType("text/plain");
		response.getOutputStream().write(sums.getBytes(StandardCharsets.US_ASCII));
	}

}

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
import org.jspecify.annotations.Nullable;

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

	private final ModeSums on = new ModeSums("on");

	private final ModeSums off = new ModeSums("off");

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
		ModeSums sums = sumsOf(http.getHeader(MODE_HEADER));
		if (sums == null) {
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
			sums.add(this.threads.getCurrentThreadCpuTime() - start, allocated);
		}
	}

	private @Nullable ModeSums sumsOf(@Nullable String mode) {
		if ("on".equals(mode)) {
			return this.on;
		}
		return "off".equals(mode) ? this.off : null;
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
		String sums = this.on.takeText() + " " + this.off.takeText() + "\n";
		response.setContentType("text/plain");
		response.getOutputStream().write(sums.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The requests, CPU time and allocated bytes of one mode's requests.
	 */
	private static final class ModeSums {

		private final String mode;

		private final LongAdder requests = new LongAdder();

		private final LongAdder nanos = new LongAdder();

		private final LongAdder bytes = new LongAdder();

		ModeSums(String mode) {
			this.mode = mode;
		}

		void add(long cpuNanos, long allocatedBytes) {
			this.requests.increment();
			this.nanos.add(cpuNanos);
			this.bytes.add(allocatedBytes);
		}

		/** The sums as {@code <mode>_requests=… <mode>_cpu_ns=… <mode>_bytes=…}, reset as they are read. */
		String takeText() {
			return this.mode + "_requests=" + this.requests.sumThenReset() + " " + this.mode + "_cpu_ns="
					+ this.nanos.sumThenReset() + " " + this.mode + "_bytes=" + this.bytes.sumThenReset();
		}

	}

}

package io.github.autologout.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestThreadCpuTests {

	private final RequestThreadCpu filter = new RequestThreadCpu();

	private final AtomicInteger chainCalls = new AtomicInteger();

	/** Works long enough for the thread's CPU clock to move, and writes a body it allocates. */
	private final FilterChain busyChain = (request, response) -> {
		this.chainCalls.incrementAndGet();
		long sum = 0;
		for (int i = 0; i < 2_000_000; i++) {
			sum += Long.hashCode(sum * 31 + i);
		}
		byte[] body = new byte[64 * 1024];
		body[0] = (byte) sum;
		response.getOutputStream().write(body);
	};

	@Test
	void requestsOfEachModeAreSummedAndAnsweredOnce() throws Exception {
		send("on");
		send("on");
		send("off");

		Map<String, Long> sums = sums();
		assertThat(sums).containsEntry("on_requests", 2L).containsEntry("off_requests", 1L);
		assertThat(sums.get("on_cpu_ns")).isPositive().isGreaterThan(sums.get("off_cpu_ns"));
		assertThat(sums.get("off_cpu_ns")).isPositive();
		assertThat(sums.get("on_bytes")).isGreaterThan(sums.get("off_bytes"));
		assertThat(sums.get("off_bytes")).isPositive();
		assertThat(sums()).containsOnly(Map.entry("on_requests", 0L), Map.entry("on_cpu_ns", 0L),
				Map.entry("on_bytes", 0L), Map.entry("off_requests", 0L), Map.entry("off_cpu_ns", 0L),
				Map.entry("off_bytes", 0L));
		assertThat(this.chainCalls).hasValue(3);
	}

	@Test
	void requestsWithoutAModeGoOnUncounted() throws Exception {
		send(null);
		send("sideways");

		assertThat(this.chainCalls).hasValue(2);
		assertThat(sums()).hasSize(6).allSatisfy((name, sum) -> assertThat(sum).as(name).isZero());
	}

	@Test
	void timeARequestSpendsWaitingIsNotCounted() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader(RequestThreadCpu.MODE_HEADER, "on");
		Duration sleep = Duration.ofMillis(300);

		this.filter.doFilter(request, new MockHttpServletResponse(), (sleeping, response) -> {
			try {
				Thread.sleep(sleep.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});

		Map<String, Long> sums = sums();
		assertThat(sums).containsEntry("on_requests", 1L);
		assertThat(sums.get("on_cpu_ns")).isLessThan(sleep.toNanos() / 3);
	}

	private void send(String mode) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		if (mode != null) {
			request.addHeader(RequestThreadCpu.MODE_HEADER, mode);
		}
		this.filter.doFilter(request, new MockHttpServletResponse(), this.busyChain);
	}

	private Map<String, Long> sums() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("GET", RequestThreadCpu.PATH), response, this.busyChain);
		return Arrays.stream(response.getContentAsString().trim().split(" "))
			.map((pair) -> pair.split("="))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> Long.parseLong(pair[1])));
	}

}

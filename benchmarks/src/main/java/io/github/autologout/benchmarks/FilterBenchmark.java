package io.github.autologout.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.autologout.security.AutoLogoutFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.FilterChainProxy;

/**
 * The filter's decision per request, next to the same request without it.
 * <p>
 * {@code filter*} benchmarks call the {@link AutoLogoutFilter} taken from a real chain, with the
 * security context already set as the chain's earlier filters leave it, and compare with calling
 * the rest of the chain directly. {@code chain*} benchmarks run a whole {@link FilterChainProxy}
 * (form login, every request authenticated, the session's context loaded by Spring Security)
 * with and without the {@code AutoLogoutConfigurer}. Each invocation builds a new request; the
 * expired cases also build a new session, since the filter invalidates it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class FilterBenchmark {

	private static final FilterChain REST_OF_CHAIN = (request, response) -> {
	};

	private static final byte[] BODY = "{\"username\":\"active\"}".getBytes(StandardCharsets.UTF_8);

	/** The rest of a chain that answers as {@code /api/me} does: a small body of a declared length. */
	private static final FilterChain WRITING_REST_OF_CHAIN = (request, response) -> {
		response.setContentType("application/json");
		response.setContentLength(BODY.length);
		response.getOutputStream().write(BODY);
	};

	/** The request attribute by which Spring Session's repository filter makes autologout wrap the response. */
	private static final String SPRING_SESSION_REPOSITORY = "org.springframework.session.SessionRepository";

	private SecurityChains chains;

	private FilterChainProxy withAutoLogout;

	private FilterChainProxy withoutAutoLogout;

	private FilterChainProxy withoutAccountCheck;

	private AutoLogoutFilter filter;

	private HttpSession activeSession;

	private SecurityContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.chains = new SecurityChains();
		this.withAutoLogout = this.chains.withAutoLogout();
		this.withoutAutoLogout = this.chains.withoutAutoLogout();
		this.withoutAccountCheck = this.chains.withAutoLogoutWithoutAccountCheck();
		this.filter = this.chains.autoLogoutFilter();
		Instant now = Instant.now();
		this.activeSession = Sessions.authenticated("active", now, now);
		this.context = Sessions.securityContext();
		verify();
	}

	/**
	 * Fails the run if a benchmark would not measure what its name says.
	 */
	private void verify() {
		try {
			expect(filterActive(), 200, "filterActive");
			expect(filterPassive(), 200, "filterPassive");
			expect(filterExpired(), 303, "filterExpired");
			expect(filterActiveWriting(), 200, "filterActiveWriting");
			expect(filterActiveWritingOnSpringSession(), 200, "filterActiveWritingOnSpringSession");
			if (filterActiveWritingOnSpringSession().getContentAsByteArray().length != BODY.length) {
				throw new IllegalStateException("filterActiveWritingOnSpringSession wrote no body");
			}
			expect(chainActiveBaseline(), 200, "chainActiveBaseline");
			expect(chainActive(), 200, "chainActive");
			expect(chainActiveWithoutAccountCheck(), 200, "chainActiveWithoutAccountCheck");
			expect(chainPassive(), 200, "chainPassive");
			expect(chainExpiredBaseline(), 200, "chainExpiredBaseline");
			expect(chainExpired(), 303, "chainExpired");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void expect(Object response, int status, String benchmark) {
		MockHttpServletResponse servletResponse = (MockHttpServletResponse) response;
		if (servletResponse.getStatus() != status) {
			throw new IllegalStateException(benchmark + " answered " + servletResponse.getStatus() + " instead of "
					+ status + " (redirect: " + servletResponse.getRedirectedUrl() + ")");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.chains.close();
	}

	private static HttpSession expiredSession() {
		Instant now = Instant.now();
		return Sessions.authenticated("expired", now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(31)));
	}

	private MockHttpServletResponse filterOnly(boolean withFilter, String uri, HttpSession session)
			throws IOException, ServletException {
		return filterOnly(withFilter, Sessions.get(uri, session), REST_OF_CHAIN);
	}

	private MockHttpServletResponse writing(boolean withFilter, boolean onSpringSession)
			throws IOException, ServletException {
		MockHttpServletRequest request = Sessions.get("/api/me", this.activeSession);
		if (onSpringSession) {
			request.setAttribute(SPRING_SESSION_REPOSITORY, Boolean.TRUE);
		}
		return filterOnly(withFilter, request, WRITING_REST_OF_CHAIN);
	}

	/**
	 * Runs the request through the filter and then the rest of the chain, or through the rest
	 * alone, with the security context set as the chain's earlier filters leave it.
	 */
	private MockHttpServletResponse filterOnly(boolean withFilter, MockHttpServletRequest request,
			FilterChain restOfChain) throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		SecurityContextHolder.setContext(this.context);
		try {
			if (withFilter) {
				this.filter.doFilter(request, response, restOfChain);
			}
			else {
				restOfChain.doFilter(request, response);
			}
		}
		finally {
			SecurityContextHolder.clearContext();
		}
		return response;
	}

	private static MockHttpServletResponse chain(FilterChainProxy proxy, String uri, HttpSession session)
			throws IOException, ServletException {
		MockHttpServletRequest request = Sessions.get(uri, session);
		MockHttpServletResponse response = new MockHttpServletResponse();
		proxy.doFilter(request, response, new MockFilterChain());
		return response;
	}

	@Benchmark
	public Object filterActiveBaseline() throws Exception {
		return filterOnly(false, "/api/me", this.activeSession);
	}

	@Benchmark
	public Object filterActive() throws Exception {
		return filterOnly(true, "/api/me", this.activeSession);
	}

	@Benchmark
	public Object filterPassiveBaseline() throws Exception {
		return filterOnly(false, SecurityChains.PASSIVE_PATH, this.activeSession);
	}

	@Benchmark
	public Object filterPassive() throws Exception {
		return filterOnly(true, SecurityChains.PASSIVE_PATH, this.activeSession);
	}

	@Benchmark
	public Object filterExpiredBaseline() throws Exception {
		return filterOnly(false, "/api/me", expiredSession());
	}

	@Benchmark
	public Object filterExpired() throws Exception {
		return filterOnly(true, "/api/me", expiredSession());
	}

	@Benchmark
	public MockHttpServletResponse filterActiveWritingBaseline() throws Exception {
		return writing(false, false);
	}

	@Benchmark
	public MockHttpServletResponse filterActiveWriting() throws Exception {
		return writing(true, false);
	}

	/**
	 * {@link #filterActiveWriting()} where Spring Session's repository filter runs: the filter
	 * wraps the response to look for an end of the session when the application redirects or
	 * sends an error.
	 */
	@Benchmark
	public MockHttpServletResponse filterActiveWritingOnSpringSession() throws Exception {
		return writing(true, true);
	}

	@Benchmark
	public Object chainActiveBaseline() throws Exception {
		return chain(this.withoutAutoLogout, "/api/me", this.activeSession);
	}

	@Benchmark
	public Object chainActive() throws Exception {
		return chain(this.withAutoLogout, "/api/me", this.activeSession);
	}

	/**
	 * The chain with autologout whose account check is turned off
	 * ({@code accountCheckInterval(Duration.ZERO)}), to tell its cost from the filter's.
	 */
	@Benchmark
	public Object chainActiveWithoutAccountCheck() throws Exception {
		return chain(this.withoutAccountCheck, "/api/me", this.activeSession);
	}

	@Benchmark
	public Object chainPassiveBaseline() throws Exception {
		return chain(this.withoutAutoLogout, SecurityChains.PASSIVE_PATH, this.activeSession);
	}

	@Benchmark
	public Object chainPassive() throws Exception {
		return chain(this.withAutoLogout, SecurityChains.PASSIVE_PATH, this.activeSession);
	}

	@Benchmark
	public Object chainExpiredBaseline() throws Exception {
		return chain(this.withoutAutoLogout, "/api/me", expiredSession());
	}

	@Benchmark
	public Object chainExpired() throws Exception {
		return chain(this.withAutoLogout, "/api/me", expiredSession());
	}

}

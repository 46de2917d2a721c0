package io.github.autologout.benchmarks;

import java.io.IOException;
import java.lang.reflect.Method;

import io.github.autologout.security.AutoLogoutConfigurer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Added to the sample app by {@code benchmarks/wrk/run.sh} with {@code ONE_JVM=1} (never part of
 * the sample itself): a copy of the sample's main {@code SecurityFilterChain}, built by the
 * sample's own bean method but without the {@link AutoLogoutConfigurer}, for the requests that
 * carry the {@value #HEADER} header. So one JVM serves the same request with autologout (without
 * the header) and without it (with the header), and the two can be measured in turns without the
 * differences between two JVMs. It also adds the {@link RequestThreadCpu} filter, which tells
 * what the requests of each mode cost their threads.
 * <p>
 * With the system property {@value #EMPTY_FILTER_PROPERTY} set to {@code true}, the chain without
 * autologout gets an empty filter where autologout's would be, so that the difference between
 * the modes is autologout's own work, without what any filter of the chain costs.
 */
@Configuration(proxyBeanMethods = false)
public class WithoutAutoLogoutChain {

	/** The request header that selects the chain without autologout. */
	public static final String HEADER = "X-Benchmark-Without-Autologout";

	/** The system property that adds an {@link EmptyFilter} to the chain without autologout. */
	public static final String EMPTY_FILTER_PROPERTY = "autologout.benchmarks.empty-filter";

	private static final String SAMPLE_SECURITY = "io.github.autologout.sample.SecurityConfiguration";

	@Bean
	Filter benchmarkRequestThreadCpu() {
		return new RequestThreadCpu();
	}

	@Bean
	@Order(2)
	SecurityFilterChain withoutAutoLogoutSecurityFilterChain(HttpSecurity http, ApplicationContext context)
			throws Exception {
		http.removeConfigurer(AutoLogoutConfigurer.class);
		http.securityMatcher((request) -> request.getHeader(HEADER) != null);
		if (Boolean.getBoolean(EMPTY_FILTER_PROPERTY)) {
			http.addFilterAfter(new EmptyFilter(), AnonymousAuthenticationFilter.class);
		}
		Object sampleSecurity = context.getBean(Class.forName(SAMPLE_SECURITY, false, getClass().getClassLoader()));
		Method chain = sampleSecurity.getClass()
			.getDeclaredMethod("securityFilterChain", HttpSecurity.class, TokenBasedRememberMeServices.class);
		chain.setAccessible(true);
		return (SecurityFilterChain) chain.invoke(sampleSecurity, http,
				context.getBean(TokenBasedRememberMeServices.class));
	}

	/**
	 * A filter that does nothing but pass the request on, as a {@link OncePerRequestFilter} like
	 * autologout's: what a chain's filter costs a request before it does anything.
	 */
	static final class EmptyFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
		}

	}

}

package io.github.autologout.benchmarks;

import java.lang.reflect.Method;

import io.github.autologout.security.AutoLogoutConfigurer;
import jakarta.servlet.Filter;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;

/**
 * Added to the sample app by {@code benchmarks/wrk/run.sh} with {@code ONE_JVM=1} (never part of
 * the sample itself): a copy of the sample's main {@code SecurityFilterChain}, built by the
 * sample's own bean method but without the {@link AutoLogoutConfigurer}, for the requests that
 * carry the {@value #HEADER} header. So one JVM serves the same request with autologout (without
 * the header) and without it (with the header), and the two can be measured in turns without the
 * differences between two JVMs. It also adds the {@link RequestThreadCpu} filter, which tells
 * what the requests of each mode cost their threads.
 */
@Configuration(proxyBeanMethods = false)
public class WithoutAutoLogoutChain {

	/** The request header that selects the chain without autologout. */
	public static final String HEADER = "X-Benchmark-Without-Autologout";

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
		Object sampleSecurity = context.getBean(Class.forName(SAMPLE_SECURITY, false, getClass().getClassLoader()));
		Method chain = sampleSecurity.getClass()
			.getDeclaredMethod("securityFilterChain", HttpSecurity.class, TokenBasedRememberMeServices.class);
		chain.setAccessible(true);
		return (SecurityFilterChain) chain.invoke(sampleSecurity, http,
				context.getBean(TokenBasedRememberMeServices.class));
	}

}

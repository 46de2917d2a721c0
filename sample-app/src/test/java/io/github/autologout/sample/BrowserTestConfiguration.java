package io.github.autologout.sample;

import jakarta.servlet.Filter;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * What the browser tests add to the sample: a clock they can move ahead, and a strict
 * Content-Security-Policy on every response, which the autologout script must work under.
 */
@TestConfiguration(proxyBeanMethods = false)
class BrowserTestConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
			+ " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	OffsetClock clock() {
		return new OffsetClock();
	}

	@Bean
	FilterRegistrationBean<Filter> contentSecurityPolicyFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			((jakarta.servlet.http.HttpServletResponse) response).setHeader("Content-Security-Policy",
					CONTENT_SECURITY_POLICY);
			chain.doFilter(request, response);
		});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}

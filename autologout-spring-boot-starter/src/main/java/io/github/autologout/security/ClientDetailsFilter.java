package io.github.autologout.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records the {@link ClientDetails} of authenticated sessions, so that session listings can show
 * where each session is used from.
 */
final class ClientDetailsFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = ClientDetailsFilter.class.getName() + ".FILTERED";

	private final SecurityContextHolderStrategy securityContextHolderStrategy;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	ClientDetailsFilter(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (session != null && this.trustResolver.isAuthenticated(authentication)) {
			try {
				ClientDetails.record(request, session);
			}
			catch (IllegalStateException ex) {
				// the session was invalidated meanwhile: nothing to record
			}
		}
		chain.doFilter(request, response);
	}

}

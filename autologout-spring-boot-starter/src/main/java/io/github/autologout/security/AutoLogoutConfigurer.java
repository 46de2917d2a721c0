package io.github.autologout.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.CompositeLogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.Assert;

/**
 * Adds autologout to a {@code SecurityFilterChain}: idle and absolute timeouts, revocation and
 * the status endpoint.
 * <p>
 * The starter applies it to every {@code HttpSecurity} of the application; add it by hand with
 * {@code http.with(new AutoLogoutConfigurer(), Customizer.withDefaults())} where the starter's
 * auto-configuration is not used. Collaborators not set here are taken from the application
 * context, where the starter defines them from {@code autologout.*} properties.
 *
 * <h2>Security Filters</h2>
 * <ul>
 * <li>{@link AutoLogoutFilter}, after the {@link AnonymousAuthenticationFilter}; it also
 * re-checks the account of each user at most once per
 * {@link #accountCheckInterval(Duration) interval} if a {@link UserDetailsService} is known, and
 * records the {@link ClientDetails} of sessions if {@link #recordClientDetails(boolean) enabled}.
 * One filter only, since each filter of a chain has a cost on every request.</li>
 * </ul>
 *
 * <h2>Shared Objects Created</h2>
 * <ul>
 * <li>{@link SessionAuthenticationStrategy}: the existing strategy followed by one that records
 * when the session authenticated, records that the user's account was just checked, and writes
 * the client details that the {@link AutoLogoutFilter} updates later, then tells every
 * {@link AuthenticatedSessionListener} bean</li>
 * <li>a {@link LogoutHandler} of the {@link LogoutConfigurer}, where there are one and a
 * {@code SessionTracker} bean, that stops tracking the session of a user who logs out, so that
 * the user's presence ends at once</li>
 * <li>in a chain with CSRF protection, a default {@code AccessDeniedHandler} of the
 * {@link ExceptionHandlingConfigurer} for requests that the CSRF check refuses for having come
 * with a session autologout ended (their token was kept in that session), which tells them why
 * as the filter would. An application's own {@code accessDeniedHandler}, and an invalid-session
 * strategy, which the CSRF check gives a missing token to, come first. Where the chain has other
 * default handlers (OAuth2 resource server's, say), Spring Security picks among them by their
 * request matchers, where a lone default handler would answer every refusal of the chain.</li>
 * </ul>
 *
 * <h2>Shared Objects Used</h2>
 * <ul>
 * <li>{@link ApplicationContext}: the beans of the collaborators and the event publisher</li>
 * <li>{@link SessionAuthenticationStrategy}</li>
 * <li>{@link UserDetailsService}, unless one is {@link #userDetailsService(UserDetailsService) set}</li>
 * <li>the {@link LogoutHandler}s of the {@link LogoutConfigurer}; without one, a
 * {@link SecurityContextLogoutHandler} using the shared {@link SecurityContextRepository}</li>
 * <li>{@link SecurityContextRepository}: a chain that keeps its security context in the request
 * only, as a {@code SessionCreationPolicy.STATELESS} chain does, has no session to time out, and
 * is left as it is</li>
 * <li>{@link RequestCache}: the page a browser asked for when its session ended is kept in it
 * before the browser is sent to the login page, so that signing in again leads back to it, as
 * the {@code RequestCacheConfigurer} shares it; a chain without one keeps no page</li>
 * </ul>
 *
 * @param <H> the type of the security builder
 */
public final class AutoLogoutConfigurer<H extends HttpSecurityBuilder<H>>
		extends AbstractHttpConfigurer<AutoLogoutConfigurer<H>, H> {

	private static final Log logger = LogFactory.getLog(AutoLogoutConfigurer.class);

	private @Nullable TimeoutPolicyResolver policyResolver;

	private @Nullable RevocationRegistry revocationRegistry;

	private @Nullable LogoutResponder responder;

	private @Nullable AutoLogoutRequestMatchers requestMatchers;

	private @Nullable UserDetailsService userDetailsService;

	private Duration accountCheckInterval = Duration.ofMinutes(1);

	private boolean recordClientDetails;

	private @Nullable AccountStatusCheck accountStatusCheck;

	private List<AuthenticatedSessionListener> sessionListeners = List.of();

	private @Nullable UntrackingLogoutHandler untrackingLogoutHandler;

	/**
	 * Sets how to choose each user's timeout policy.
	 * @param policyResolver the resolver
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> policyResolver(TimeoutPolicyResolver policyResolver) {
		Assert.notNull(policyResolver, "policyResolver must not be null");
		this.policyResolver = policyResolver;
		return this;
	}

	/**
	 * Sets where revoked users and sessions are remembered.
	 * @param revocationRegistry the registry
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> revocationRegistry(RevocationRegistry revocationRegistry) {
		Assert.notNull(revocationRegistry, "revocationRegistry must not be null");
		this.revocationRegistry = revocationRegistry;
		return this;
	}

	/**
	 * Sets how clients are told that their session ended.
	 * @param responder the responder
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> responder(LogoutResponder responder) {
		Assert.notNull(responder, "responder must not be null");
		this.responder = responder;
		return this;
	}

	/**
	 * Sets which requests are the status endpoint and which are passive.
	 * @param requestMatchers the matchers
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> requestMatchers(AutoLogoutRequestMatchers requestMatchers) {
		Assert.notNull(requestMatchers, "requestMatchers must not be null");
		this.requestMatchers = requestMatchers;
		return this;
	}

	/**
	 * Sets where to look users up again to find disabled, locked, expired or deleted accounts;
	 * by default the shared or the only {@link UserDetailsService}.
	 * @param userDetailsService the service
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> userDetailsService(UserDetailsService userDetailsService) {
		Assert.notNull(userDetailsService, "userDetailsService must not be null");
		this.userDetailsService = userDetailsService;
		return this;
	}

	/**
	 * Sets how often, at most, each node looks a user up again; a user whose account is
	 * disabled, locked, expired or deleted loses their sessions on the first request after the
	 * next check. Zero turns the check off. The default is one minute.
	 * @param accountCheckInterval the interval, zero or at least a second, as each check looks
	 * the user up again
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> accountCheckInterval(Duration accountCheckInterval) {
		Assert.isTrue(accountCheckInterval != null && (accountCheckInterval.isZero()
				|| accountCheckInterval.compareTo(Duration.ofSeconds(1)) >= 0),
				"accountCheckInterval must be zero, to turn the check off, or at least a second");
		this.accountCheckInterval = accountCheckInterval;
		return this;
	}

	/**
	 * Sets whether to record the IP address and user agent of each session for session listings.
	 * Off by default, since both are personal data.
	 * @param recordClientDetails whether to record them
	 * @return this configurer
	 */
	public AutoLogoutConfigurer<H> recordClientDetails(boolean recordClientDetails) {
		this.recordClientDetails = recordClientDetails;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(H http) {
		if (isStateless(http)) {
			return;
		}
		Clock clock = clock(http);
		ApplicationContext context = context(http);
		this.sessionListeners = context.getBeanProvider(AuthenticatedSessionListener.class).orderedStream().toList();
		SessionTracker tracker = context.getBeanProvider(SessionTracker.class).getIfUnique();
		LogoutConfigurer<H> logout = http.getConfigurer(LogoutConfigurer.class);
		if (tracker != null && logout != null) {
			// before the handler that invalidates the session, as the logout configurer orders its own
			this.untrackingLogoutHandler = new UntrackingLogoutHandler(tracker);
			logout.addLogoutHandler(this.untrackingLogoutHandler);
		}
		ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null && http.getConfigurer(CsrfConfigurer.class) != null) {
			EndedSessionAccessDeniedHandler endedSession = new EndedSessionAccessDeniedHandler(
					revocationRegistry(context), responder(context), requestMatchers(context),
					new AccessDeniedHandlerImpl());
			exceptions.defaultAccessDeniedHandlerFor(endedSession, endedSession::matches);
		}
		SessionAuthenticationStrategy existing = http.getSharedObject(SessionAuthenticationStrategy.class);
		SessionAuthenticationStrategy times = new SessionTimesAuthenticationStrategy(clock, policyResolver(context),
				tracker);
		SessionAuthenticationStrategy ours = new CompositeSessionAuthenticationStrategy(
				List.of(times, this::recordLogin));
		http.setSharedObject(SessionAuthenticationStrategy.class,
				(existing != null) ? new CompositeSessionAuthenticationStrategy(List.of(existing, ours)) : ours);
	}

	/**
	 * Records at login that the account was just checked, and writes the client details that the
	 * {@link AutoLogoutFilter} updates later, so that concurrent requests of a session update the
	 * attribute rather than each add it: Spring Session JDBC, for one, inserts an added attribute,
	 * which fails for all but one of the concurrent requests.
	 */
	private void recordLogin(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.accountStatusCheck != null) {
			this.accountStatusCheck.checked(authentication.getName());
		}
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		if (this.recordClientDetails) {
			ClientDetails.record(request, session);
		}
		for (AuthenticatedSessionListener listener : this.sessionListeners) {
			listener.authenticated(session, authentication);
		}
	}

	@Override
	public void configure(H http) {
		if (isStateless(http)) {
			logger.debug("A stateless security filter chain keeps no session to end: autologout leaves it alone");
			return;
		}
		ApplicationContext context = context(http);
		AutoLogoutFilter filter = new AutoLogoutFilter(policyResolver(context), revocationRegistry(context),
				logoutHandler(http), responder(context), bean(context, AutoLogoutMessages.class), context,
				requestMatchers(context));
		filter.setClock(clock(http));
		filter.setSessionTracker(context.getBeanProvider(SessionTracker.class).getIfUnique());
		SecurityContextHolderStrategy strategy = context.getBeanProvider(SecurityContextHolderStrategy.class)
			.getIfUnique();
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
		}
		this.accountStatusCheck = accountStatusCheck(http, context);
		filter.setAccountStatusCheck(this.accountStatusCheck);
		filter.setRecordClientDetails(this.recordClientDetails);
		filter.setAuthenticatedSessionListeners(this.sessionListeners);
		RequestCache requestCache = http.getSharedObject(RequestCache.class);
		if (requestCache != null) {
			filter.setRequestCache(requestCache);
		}
		http.addFilterAfter(postProcess(filter), AnonymousAuthenticationFilter.class);
	}

	private @Nullable AccountStatusCheck accountStatusCheck(H http, ApplicationContext context) {
		UserDetailsService users = (this.userDetailsService != null) ? this.userDetailsService
				: http.getSharedObject(UserDetailsService.class);
		if (users == null) {
			users = context.getBeanProvider(UserDetailsService.class).getIfUnique();
		}
		if (users == null || this.accountCheckInterval.isZero()) {
			return null;
		}
		return new AccountStatusCheck(users, this.accountCheckInterval, revocationRegistry(context), clock(http));
	}

	private RevocationRegistry revocationRegistry(ApplicationContext context) {
		return (this.revocationRegistry != null) ? this.revocationRegistry : bean(context, RevocationRegistry.class);
	}

	private TimeoutPolicyResolver policyResolver(ApplicationContext context) {
		return (this.policyResolver != null) ? this.policyResolver : bean(context, TimeoutPolicyResolver.class);
	}

	private LogoutResponder responder(ApplicationContext context) {
		return (this.responder != null) ? this.responder : bean(context, LogoutResponder.class);
	}

	private AutoLogoutRequestMatchers requestMatchers(ApplicationContext context) {
		return (this.requestMatchers != null) ? this.requestMatchers
				: bean(context, AutoLogoutRequestMatchers.class);
	}

	@SuppressWarnings("unchecked")
	private LogoutHandler logoutHandler(H http) {
		LogoutConfigurer<H> logout = http.getConfigurer(LogoutConfigurer.class);
		List<LogoutHandler> handlers = new ArrayList<>();
		if (logout != null) {
			handlers.addAll(logout.getLogoutHandlers());
			// the filter untracks the sessions it ends itself
			handlers.remove(this.untrackingLogoutHandler);
		}
		if (handlers.isEmpty()) {
			SecurityContextLogoutHandler securityContextLogout = new SecurityContextLogoutHandler();
			SecurityContextRepository repository = http.getSharedObject(SecurityContextRepository.class);
			if (repository != null) {
				securityContextLogout.setSecurityContextRepository(repository);
			}
			handlers.add(securityContextLogout);
		}
		return new CompositeLogoutHandler(handlers);
	}

	/**
	 * Whether the chain keeps its security context in the request only, as Spring Security's
	 * session management sets it up for {@code SessionCreationPolicy.STATELESS}: its requests
	 * authenticate with credentials of their own, and a session cookie they carry is another
	 * chain's, which that chain's autologout times out.
	 */
	private static boolean isStateless(HttpSecurityBuilder<?> http) {
		SecurityContextRepository repository = http.getSharedObject(SecurityContextRepository.class);
		return repository instanceof RequestAttributeSecurityContextRepository
				|| repository instanceof NullSecurityContextRepository;
	}

	private static Clock clock(HttpSecurityBuilder<?> http) {
		return context(http).getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC);
	}

	private static ApplicationContext context(HttpSecurityBuilder<?> http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "AutoLogoutConfigurer needs the ApplicationContext shared object");
		return context;
	}

	private static <T> T bean(ApplicationContext context, Class<T> type) {
		T bean = context.getBeanProvider(type).getIfUnique();
		Assert.state(bean != null, () -> "AutoLogoutConfigurer needs a single bean of type " + type.getName()
				+ "; the autologout starter defines one unless autologout.enabled=false");
		return bean;
	}

}

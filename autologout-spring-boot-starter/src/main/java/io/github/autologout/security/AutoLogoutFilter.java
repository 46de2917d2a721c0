package io.github.autologout.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AutoLogoutRequestMatchers.RequestKind;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Ends authenticated sessions that passed their idle or absolute deadline or were revoked, and
 * records real activity.
 * <p>
 * Runs inside a {@code SecurityFilterChain}, after authentication. An ended session is logged
 * out with the application's own {@link LogoutHandler}s, an {@link AutoLogoutEvent} is
 * published and the client is told why by the {@link LogoutResponder}. Passive requests are
 * checked against the deadlines like any other but never count as activity. The filter also
 * answers the status endpoint and the keep-alive endpoint, which extends only the idle deadline
 * of a session that has not yet ended.
 * <p>
 * A request that authenticated with credentials of its own (HTTP Basic, a bearer token: what
 * Spring Security keeps in the request only) is not its session's: it leaves the session of its
 * cookie alone, and is not refused for the cookie of a session that ended.
 */
public final class AutoLogoutFilter extends OncePerRequestFilter {

	/** Request attribute with the {@link LogoutReason} shown by the login page, if any. */
	public static final String REASON_ATTRIBUTE = "autologoutReason";

	/** Request attribute with the localized text of {@link #REASON_ATTRIBUTE}, if any. */
	public static final String MESSAGE_ATTRIBUTE = "autologoutMessage";

	private static final String ALREADY_FILTERED = AutoLogoutFilter.class.getName() + ".FILTERED";

	/** The request attribute that Spring Session's {@code SessionRepositoryFilter} sets. */
	static final String SPRING_SESSION_REPOSITORY_ATTRIBUTE = "org.springframework.session.SessionRepository";

	private static final Log logger = LogFactory.getLog(AutoLogoutFilter.class);

	private final TimeoutPolicyResolver policyResolver;

	private final RevocationRegistry revocations;

	private final SessionEndPolicy endPolicy;

	private final LogoutHandler logoutHandler;

	private final LogoutResponder responder;

	private final AutoLogoutMessages messages;

	private final ApplicationEventPublisher events;

	private final AutoLogoutRequestMatchers requests;

	private Clock clock = Clock.systemUTC();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final JacksonJsonHttpMessageConverter json = new JacksonJsonHttpMessageConverter();

	private @Nullable SessionTracker sessionTracker;

	private @Nullable AccountStatusCheck accountStatusCheck;

	private boolean recordClientDetails;

	private List<AuthenticatedSessionListener> sessionListeners = List.of();

	private RequestCache requestCache = new NullRequestCache();

	private final SessionEndedMeanwhileHandler sessionsEndedMeanwhile;

	AutoLogoutFilter(TimeoutPolicyResolver policyResolver, RevocationRegistry revocations, LogoutHandler logoutHandler,
			LogoutResponder responder, AutoLogoutMessages messages, ApplicationEventPublisher events,
			AutoLogoutRequestMatchers requests) {
		this.policyResolver = policyResolver;
		this.revocations = revocations;
		this.endPolicy = new SessionEndPolicy(policyResolver, revocations);
		this.logoutHandler = logoutHandler;
		this.responder = responder;
		this.messages = messages;
		this.events = events;
		this.requests = requests;
		this.sessionsEndedMeanwhile = new SessionEndedMeanwhileHandler(revocations, responder, events, this,
				this.clock, this.securityContextHolderStrategy);
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestKind kind = this.requests.kindOf(request);
		HttpSession session = request.getSession(false);
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		boolean credentialsOfItsOwn = hasCredentialsOfItsOwn(request, session, authentication);
		if (session == null || credentialsOfItsOwn || !this.trustResolver.isAuthenticated(authentication)) {
			handleUnauthenticated(request, response, chain, kind, credentialsOfItsOwn);
			return;
		}
		if (this.accountStatusCheck != null) {
			this.accountStatusCheck.checkIfDue(authentication);
		}
		Instant now = this.clock.instant();
		SessionTimes times;
		try {
			times = SessionTimesAttributes.read(session, now);
		}
		catch (CorruptSessionTimesException ex) {
			logger.warn("Ending a session whose autologout attributes are unreadable: " + ex.getMessage());
			endSession(request, response, kind, authentication, session.getId(), LogoutReason.ABSOLUTE);
			return;
		}
		TimeoutPolicy policy = this.policyResolver.resolve(authentication);
		if (times == null) {
			Optional<LogoutReason> ended = rememberedBackFromAnEndedSession(request, authentication);
			if (ended.isPresent()) {
				logOut(request, response, authentication);
				this.responder.sendToEndedSessionCookie(request, response, kind, ended.get(), this.requestCache);
				return;
			}
			times = SessionTimes.of(earliestAuthentication(session, now), now);
			SessionTimesAuthenticationStrategy.start(session, authentication.getName(), policy, times, now,
					this.sessionTracker);
			for (AuthenticatedSessionListener listener : this.sessionListeners) {
				listener.authenticated(session, authentication);
			}
		}
		Optional<LogoutReason> reason = this.endPolicy.endReason(authentication.getName(), policy, times, now);
		if (reason.isPresent()) {
			endSession(request, response, kind, authentication, session.getId(), reason.get());
			return;
		}
		if (kind == RequestKind.STATUS) {
			writeJson(response, new SessionStatus(policy, times, now).toJson());
			return;
		}
		if (kind == RequestKind.KEEP_ALIVE) {
			recordActivity(request, times);
			writeJson(response, new SessionStatus(policy, times.withActivityAt(now), now).toJson());
			return;
		}
		if (this.recordClientDetails) {
			recordClientDetails(request, session);
		}
		String sessionId = session.getId();
		SessionTimes admitted = times;
		BooleanSupplier endedMeanwhile = () -> this.sessionsEndedMeanwhile.leaveNoSessionIfEnded(request, response,
				authentication, sessionId, policy, admitted);
		EndedSessionCheckingResponse checking = savesSessionOnCommit(request)
				? new EndedSessionCheckingResponse(response, endedMeanwhile) : null;
		boolean endedOnFailure = false;
		Exception failure = null;
		try {
			chain.doFilter(request, (checking != null) ? checking : response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			failure = ex;
			Optional<LogoutReason> ended = hasAnswered(response, checking) ? Optional.empty()
					: this.sessionsEndedMeanwhile.endedWhileItRan(authentication.getName(), sessionId, admitted, ex);
			if (ended.isEmpty()) {
				throw ex;
			}
			SessionEndedMeanwhileHandler.logFailure(ex);
			endedOnFailure = true;
			try {
				endOnFailure(request, response, kind, authentication, sessionId, admitted, ended.get(), ex);
			}
			catch (IOException | RuntimeException answerFailure) {
				ex.addSuppressed(answerFailure);
				throw ex;
			}
		}
		finally {
			// a session that the response's check or the failure invalidated is not looked up again
			boolean ended;
			try {
				ended = endedOnFailure || (checking != null && checking.endedSession())
						|| endedMeanwhile.getAsBoolean();
			}
			catch (RuntimeException lookupFailure) {
				if (failure == null) {
					throw lookupFailure;
				}
				failure.addSuppressed(lookupFailure); // the request's own failure is the one to report
				ended = true;
			}
			if (!ended && kind == RequestKind.ACTIVE) {
				recordActivity(request, admitted);
			}
			if (!ended && checking != null) {
				this.sessionsEndedMeanwhile.trackUnderItsNewIdIfChanged(request, authentication, sessionId, policy,
						admitted);
			}
		}
	}

	/**
	 * Whether the application has answered already: a committed response, or a redirect or error
	 * sent, which a container holds until the request ends and a reset would not undo.
	 */
	private static boolean hasAnswered(HttpServletResponse response,
			@Nullable EndedSessionCheckingResponse checking) {
		return response.isCommitted() || (checking != null && checking.checked())
				|| response.getStatus() >= HttpServletResponse.SC_MULTIPLE_CHOICES;
	}

	/**
	 * Whether a session store saves the request's session as soon as its response commits, as
	 * Spring Session's {@code SessionRepositoryFilter} does, which is before this filter's own end
	 * of the request.
	 */
	private static boolean savesSessionOnCommit(HttpServletRequest request) {
		return request.getAttribute(SPRING_SESSION_REPOSITORY_ATTRIBUTE) != null;
	}

	/**
	 * Ends the session of a request that failed after its session was ended while it ran, as a
	 * request of an ended session is ended: recorded first where its user was revoked, logged out
	 * with the application's handlers, which clear its cookies (remember-me among them) on a clean
	 * response, untracked, and answered with the reason. The failed request may have written a part
	 * of its body, and chosen the writer or the stream, hence the reset; the logout comes before the
	 * answer, which commits the response, and that is when Spring Session saves the session.
	 */
	private void endOnFailure(HttpServletRequest request, HttpServletResponse response, RequestKind kind,
			Authentication authentication, String sessionId, SessionTimes admitted, LogoutReason reason,
			Exception failure) throws IOException {
		HttpSession session = request.getSession(false);
		String currentId = (session != null) ? session.getId() : sessionId;
		Optional<Revocation> revoked = this.revocations.find(authentication.getName(), admitted.authenticatedAt());
		this.sessionsEndedMeanwhile.end(authentication, sessionId, currentId, revoked, () -> {
			response.reset();
			try {
				logOut(request, response, authentication);
			}
			catch (RuntimeException ex) {
				failure.addSuppressed(ex); // recorded as ended, so refused from now on all the same
			}
		});
		this.responder.send(request, response, kind, reason, this.requestCache);
	}

	/**
	 * Why the session this request came with ended, where remember-me has just signed its user in
	 * again: a session that the expiry checker or another node ended gets no request to clear its
	 * remember-me cookie, as this filter's logout does, and remember-me must not undo an idle or
	 * absolute timeout, whichever ends it first. A browser that comes back without the ended
	 * session's cookie (restarted) is signed in as usual.
	 */
	private Optional<LogoutReason> rememberedBackFromAnEndedSession(HttpServletRequest request,
			Authentication authentication) {
		return this.trustResolver.isRememberMe(authentication) ? endOfRequestedSession(request) : Optional.empty();
	}

	/**
	 * When a session that authenticated without autologout's login strategy (programmatically, or
	 * before autologout was added) authenticated at the earliest: at its creation. Assuming the
	 * earliest makes a revocation made since then refuse it, and its absolute timeout count from
	 * then, where assuming "now" would let such a session escape both.
	 */
	private static Instant earliestAuthentication(HttpSession session, Instant now) {
		Instant created = Instant.ofEpochMilli(session.getCreationTime());
		return created.isBefore(now) ? created : now;
	}

	/**
	 * Whether the request authenticated with credentials of its own, which Spring Security keeps
	 * in the request only ({@code BasicAuthenticationFilter} and the bearer token filter, by
	 * default), rather than by its session's login or by remember-me, which must not undo the end
	 * of a session. Such a request is not its session's: with another user's session cookie it
	 * must neither count as that session's activity nor end it for a revocation of its own user.
	 * A login read from the session, under any key and by any chain, is the session's, and so is
	 * a new login of a user whom the session holds a login of: this request kept it in the session
	 * too (a programmatic login, Spring Security's test support), or Spring Security merged the
	 * session's login into it (its multi-factor authentication), and an ended session's factors
	 * must not serve it.
	 */
	private boolean hasCredentialsOfItsOwn(HttpServletRequest request, @Nullable HttpSession session,
			@Nullable Authentication authentication) {
		if (!(request.getAttribute(
				RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME) instanceof SecurityContext own)
				|| authentication == null || own.getAuthentication() != authentication
				|| this.trustResolver.isRememberMe(authentication)) {
			return false;
		}
		return session == null || !holdsLoginOf(session, authentication.getName());
	}

	/**
	 * Whether the session keeps a login of the user under any key, as chains with session keys of
	 * their own do; read only for requests with credentials of their own. A session whose
	 * attributes cannot be read is taken to keep one, so that its checks apply.
	 */
	private static boolean holdsLoginOf(HttpSession session, String username) {
		try {
			for (String name : Collections.list(session.getAttributeNames())) {
				if (session.getAttribute(name) instanceof SecurityContext context && context.getAuthentication() != null
						&& Objects.equals(context.getAuthentication().getName(), username)) {
					return true;
				}
			}
			return false;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private void handleUnauthenticated(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			RequestKind kind, boolean credentialsOfItsOwn) throws IOException, ServletException {
		// a cookie of a session that ended tells a browser why; credentials sent with it are a new login
		Optional<LogoutReason> revoked = credentialsOfItsOwn ? Optional.empty() : revokedSessionReason(request);
		if (revoked.isPresent()) {
			this.responder.sendToEndedSessionCookie(request, response, kind, revoked.get(), this.requestCache);
			return;
		}
		if (!credentialsOfItsOwn
				&& this.responder.sendPageWhoseScriptWasTold(request, response, kind, this.requestCache)) {
			return;
		}
		if (kind == RequestKind.STATUS) {
			writeJson(response, Map.of("authenticated", false));
			return;
		}
		if (kind == RequestKind.KEEP_ALIVE) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			writeJson(response, Map.of("authenticated", false));
			return;
		}
		exposeReasonToLoginPage(request, response);
		chain.doFilter(request, response);
	}

	private Optional<LogoutReason> revokedSessionReason(HttpServletRequest request) {
		return (request.getParameter(LogoutResponder.REASON_PARAMETER) == null) ? endOfRequestedSession(request)
				: Optional.empty();
	}

	/**
	 * Why the session this request came with, which no longer exists, ended, if autologout ended it.
	 */
	private Optional<LogoutReason> endOfRequestedSession(HttpServletRequest request) {
		return EndedSessionAccessDeniedHandler.endOfRequestedSession(request, this.revocations);
	}

	private void exposeReasonToLoginPage(HttpServletRequest request, HttpServletResponse response) {
		this.responder.reasonForLoginPage(request, response).ifPresent((reason) -> {
			request.setAttribute(REASON_ATTRIBUTE, reason);
			request.setAttribute(MESSAGE_ATTRIBUTE, this.messages.reason(reason, request.getLocale()));
		});
	}

	private void endSession(HttpServletRequest request, HttpServletResponse response, RequestKind kind,
			Authentication authentication, String sessionId, LogoutReason reason) throws IOException {
		// recorded before the session is gone, so that its other requests, on any node, are told why
		boolean recordedHere = this.revocations.revokeSession(sessionId, reason);
		AutoLogoutEvent event = new AutoLogoutEvent(this, authentication.getName(), sessionId, reason);
		try {
			logOut(request, response, authentication);
			if (this.sessionTracker != null) {
				this.sessionTracker.untrack(authentication.getName(), List.of(sessionId));
			}
		}
		catch (RuntimeException ex) {
			// the end is recorded, so no later request or node publishes its event; its session is
			// refused from now on and deleted by its next request or the expiry pass
			if (recordedHere) {
				publishKeepingTheFailure(event, ex);
			}
			throw ex;
		}
		if (recordedHere) {
			this.events.publishEvent(event);
		}
		this.responder.send(request, response, kind, reason, this.requestCache);
	}

	private void publishKeepingTheFailure(AutoLogoutEvent event, RuntimeException failure) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException listenerFailure) {
			failure.addSuppressed(listenerFailure);
		}
	}

	/**
	 * Logs out with the application's handlers, on a security context of this request's own: the
	 * one it was loaded with is shared with the session's other requests in flight where the
	 * session is held in memory, and Spring Security's logout clears it, which would take their
	 * user from them while they run, as it does not where a store gives each request its copy.
	 */
	private void logOut(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		SecurityContext own = this.securityContextHolderStrategy.createEmptyContext();
		own.setAuthentication(authentication);
		this.securityContextHolderStrategy.setContext(own);
		this.logoutHandler.logout(request, response, authentication);
	}

	private void recordActivity(HttpServletRequest request, SessionTimes times) {
		Instant now = this.clock.instant();
		if (!SessionTimesAttributes.isActivityWorthRecording(times, now)) {
			// nothing to write: no need to lock the session, which concurrent requests share
			return;
		}
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		try {
			synchronized (WebUtils.getSessionMutex(session)) {
				SessionTimesAttributes.recordActivity(session, times, now);
			}
		}
		catch (IllegalStateException | CorruptSessionTimesException ex) {
			// the session was invalidated or rewritten while the request ran: nothing to record
		}
	}

	private void recordClientDetails(HttpServletRequest request, HttpSession session) {
		try {
			ClientDetails.record(request, session);
		}
		catch (IllegalStateException ex) {
			// the session was invalidated meanwhile: nothing to record
		}
	}

	private void writeJson(HttpServletResponse response, Map<String, ?> body) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.json.write(body, MediaType.APPLICATION_JSON, new ServletServerHttpResponse(response));
	}

	/**
	 * Sets the tracker that lets sessions end without a request. A session ended by this filter is
	 * untracked; its {@link AutoLogoutEvent} is published only if this filter recorded its end in
	 * the {@link RevocationRegistry} first, so that the event is published once even when the
	 * expiry checker or a force logout ends it at the same moment.
	 * @param sessionTracker the tracker, or {@code null} for none
	 */
	public void setSessionTracker(@Nullable SessionTracker sessionTracker) {
		this.sessionTracker = sessionTracker;
		this.sessionsEndedMeanwhile.setSessionTracker(sessionTracker);
	}

	/**
	 * Sets the check of the accounts of sessions' users, run before each session is checked.
	 * @param accountStatusCheck the check, or {@code null} for none
	 */
	void setAccountStatusCheck(@Nullable AccountStatusCheck accountStatusCheck) {
		this.accountStatusCheck = accountStatusCheck;
	}

	/**
	 * Sets whether to record the {@link ClientDetails} of live sessions before the rest of the
	 * chain runs.
	 * @param recordClientDetails whether to record them
	 */
	void setRecordClientDetails(boolean recordClientDetails) {
		this.recordClientDetails = recordClientDetails;
	}

	/**
	 * Sets the listeners told of a session that reaches this filter authenticated but without
	 * autologout's times, having authenticated without its login strategy.
	 * @param sessionListeners the listeners
	 */
	void setAuthenticatedSessionListeners(List<AuthenticatedSessionListener> sessionListeners) {
		this.sessionListeners = List.copyOf(sessionListeners);
	}

	/**
	 * Sets the chain's request cache, which keeps the page of a browser sent to the login page
	 * because its session ended, so that signing in again leads back to it; none by default.
	 * @param requestCache the chain's request cache
	 */
	void setRequestCache(RequestCache requestCache) {
		this.requestCache = requestCache;
	}

	/**
	 * Sets the source of the current instant.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
		this.sessionsEndedMeanwhile.setClock(clock);
	}

	/**
	 * Sets the strategy that holds the security context.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy must not be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
		this.sessionsEndedMeanwhile.setSecurityContextHolderStrategy(securityContextHolderStrategy);
	}

	/**
	 * Sets the resolver that tells anonymous from real users.
	 * @param trustResolver the resolver
	 */
	public void setTrustResolver(AuthenticationTrustResolver trustResolver) {
		Assert.notNull(trustResolver, "trustResolver must not be null");
		this.trustResolver = trustResolver;
	}

}

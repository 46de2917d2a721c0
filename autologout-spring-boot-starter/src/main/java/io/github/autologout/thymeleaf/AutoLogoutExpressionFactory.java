package io.github.autologout.thymeleaf;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.SessionStatus;
import io.github.autologout.security.TimeoutPolicyResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.expression.IExpressionObjectFactory;
import org.thymeleaf.web.servlet.IServletWebExchange;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.Assert;

/**
 * Builds the {@code #autologout} object once per template execution from the current request.
 */
final class AutoLogoutExpressionFactory implements IExpressionObjectFactory {

	private final AutoLogoutProperties properties;

	private final TimeoutPolicyResolver policyResolver;

	private final AutoLogoutRequestMatchers requestMatchers;

	private final AutoLogoutMessages messages;

	private final Clock clock;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	AutoLogoutExpressionFactory(AutoLogoutProperties properties, TimeoutPolicyResolver policyResolver,
			AutoLogoutRequestMatchers requestMatchers, AutoLogoutMessages messages, Clock clock) {
		Assert.notNull(properties, "properties must not be null");
		Assert.notNull(policyResolver, "policyResolver must not be null");
		Assert.notNull(requestMatchers, "requestMatchers must not be null");
		Assert.notNull(messages, "messages must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.properties = properties;
		this.policyResolver = policyResolver;
		this.requestMatchers = requestMatchers;
		this.messages = messages;
		this.clock = clock;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy must not be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	public Set<String> getAllExpressionObjectNames() {
		return Set.of(AutoLogoutDialect.EXPRESSION_OBJECT_NAME);
	}

	@Override
	public @Nullable Object buildObject(IExpressionContext context, String expressionObjectName) {
		if (!AutoLogoutDialect.EXPRESSION_OBJECT_NAME.equals(expressionObjectName)) {
			return null;
		}
		HttpServletRequest request = request(context);
		SessionStatus status = (request != null) ? status(request) : null;
		return new AutoLogoutExpressionObject(request, status, this.properties, this.messages, context.getLocale());
	}

	@Override
	public boolean isCacheable(String expressionObjectName) {
		return true;
	}

	private static @Nullable HttpServletRequest request(IExpressionContext context) {
		if (context instanceof IWebContext web && web.getExchange() instanceof IServletWebExchange exchange
				&& exchange.getNativeRequestObject() instanceof HttpServletRequest request) {
			return request;
		}
		return null;
	}

	/**
	 * The session's status as it will stand after this request: a request that is not passive
	 * counts as activity once it completes, so the page shows the idle deadline it moves to. Now
	 * is taken to the millisecond, as the session's times are, so that fresh activity leaves whole
	 * idle timeouts.
	 */
	private @Nullable SessionStatus status(HttpServletRequest request) {
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (!this.trustResolver.isAuthenticated(authentication)) {
			return null;
		}
		TimeoutPolicy policy = this.policyResolver.resolve(authentication);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		SessionStatus status = SessionStatus.of(request, policy, now).orElse(null);
		if (status == null || policy.expiryReason(status.times(), now).isPresent()
				|| this.requestMatchers.passive().matches(request)) {
			return status;
		}
		return new SessionStatus(policy, status.times().withActivityAt(now), now);
	}

}

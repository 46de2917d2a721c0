package io.github.autologout.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.autologout.core.TimeoutPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Configuration properties of autologout.
 */
@ConfigurationProperties("autologout")
public class AutoLogoutProperties implements InitializingBean {

	private static final Duration DEFAULT_WARNING = Duration.ofMinutes(1);

	/** The longest any duration may be: longer ones are mistakes, and overflow the instants computed from them. */
	private static final Duration LONGEST = Duration.ofDays(36_500);

	/**
	 * Said of an item of a list: Spring Boot's report quotes every source that has the item's
	 * name, which, where a later source replaced the list, is not the value that was bound.
	 */
	private static final String WHOLE_LISTS = " A list is bound whole from the last property source that sets any of its "
			+ "items (the command line over application.yml), so the item meant is that source's.";

	private static final Duration DEFAULT_REMEMBER_ME_VALIDITY = Duration.ofDays(14);

	private static final Duration MIN_CLIENT_CHECK = Duration.ofSeconds(5);

	/**
	 * Whether to log users out automatically.
	 */
	private boolean enabled = true;

	/**
	 * How long a session may go without real (non-passive) activity before it is ended.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration idleTimeout = Duration.ofMinutes(30);

	/**
	 * How long a session may live after it authenticated, whatever its activity.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration absoluteTimeout = Duration.ofHours(12);

	/**
	 * How long before the idle deadline the page warns the user. Zero disables the warning; when
	 * unset, a quarter of the idle timeout, at most one minute.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration warnBefore;

	/**
	 * Text shown after an idle or absolute logout in every language, instead of the localized
	 * 'autologout.reason.idle' and 'autologout.reason.absolute' messages.
	 */
	private @Nullable String message;

	/**
	 * Whether the page goes to the login page as soon as the session ends, without waiting for the
	 * user's next click.
	 */
	private boolean redirectToLoginImmediately;

	/**
	 * Whether typing, clicks, taps and the mouse wheel in a page count as activity: the page then
	 * sends throttled keep-alive requests, so that a user filling in a long form or reading a long
	 * page is not logged out.
	 */
	private boolean clientActivity;

	/**
	 * How often an open page that is shown asks the status endpoint, so that it notices a force
	 * logout, or a deadline moved by another tab or node, without waiting for its warning; one
	 * tab's answer serves the site's other tabs. Zero, the default, asks only when a deadline is
	 * near and when the page is shown again. At least five seconds otherwise.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration clientCheckInterval = Duration.ZERO;

	/**
	 * Path patterns of requests that never count as activity, such as polling endpoints. The
	 * status endpoint is always passive.
	 */
	private List<String> passivePaths = new ArrayList<>();

	/**
	 * Local path of the login page that ended sessions are sent to. The reason is added as the
	 * 'autologout' query parameter.
	 */
	private String loginUrl = "/login";

	/**
	 * Path of the endpoint that reports the time left; requests to it never count as activity.
	 */
	private String statusPath = "/autologout/status";

	/**
	 * Path of the endpoint that extends the idle deadline when the user chooses to stay signed in
	 * (POST, with the CSRF token).
	 */
	private String keepAlivePath = "/autologout/keep-alive";

	/**
	 * How often the server looks for sessions past their deadline, to end them without waiting
	 * for a request; this bounds how late the logout event of an abandoned session comes.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration expiryCheckInterval = Duration.ofSeconds(1);

	/**
	 * Timeout policies for users with a given authority, such as a shorter idle timeout for
	 * 'ROLE_ADMIN'. A user with several matching authorities gets the strictest of their
	 * policies; other users get the default.
	 */
	private List<Policy> policies = new ArrayList<>();

	/**
	 * How often, at most, each node looks a user up again in the UserDetailsService. A user
	 * whose account is disabled, locked, expired or deleted loses their sessions on the first
	 * request after the next check. Zero turns the check off.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration accountCheckInterval = Duration.ofMinutes(1);

	/**
	 * Whether to record the IP address and user agent of each session for session listings.
	 * Both are personal data.
	 */
	private boolean recordClientDetails;

	/**
	 * How long revocations (forced logouts) are remembered. It must cover the longest absolute
	 * timeout, and the validity of remember-me cookies, which a revocation must keep refusing.
	 * When unset, the longer of the longest absolute timeout and two weeks, Spring Security's
	 * default remember-me validity.
	 * A number without a unit is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration revocationRetention;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getAbsoluteTimeout() {
		return this.absoluteTimeout;
	}

	public void setAbsoluteTimeout(Duration absoluteTimeout) {
		this.absoluteTimeout = absoluteTimeout;
	}

	public @Nullable Duration getWarnBefore() {
		return this.warnBefore;
	}

	public void setWarnBefore(@Nullable Duration warnBefore) {
		this.warnBefore = warnBefore;
	}

	public @Nullable String getMessage() {
		return this.message;
	}

	public void setMessage(@Nullable String message) {
		this.message = message;
	}

	public boolean isRedirectToLoginImmediately() {
		return this.redirectToLoginImmediately;
	}

	public void setRedirectToLoginImmediately(boolean redirectToLoginImmediately) {
		this.redirectToLoginImmediately = redirectToLoginImmediately;
	}

	public boolean isClientActivity() {
		return this.clientActivity;
	}

	public void setClientActivity(boolean clientActivity) {
		this.clientActivity = clientActivity;
	}

	public Duration getClientCheckInterval() {
		return this.clientCheckInterval;
	}

	public void setClientCheckInterval(Duration clientCheckInterval) {
		this.clientCheckInterval = clientCheckInterval;
	}

	public List<String> getPassivePaths() {
		return this.passivePaths;
	}

	public void setPassivePaths(List<String> passivePaths) {
		this.passivePaths = passivePaths;
	}

	public String getLoginUrl() {
		return this.loginUrl;
	}

	public void setLoginUrl(String loginUrl) {
		this.loginUrl = loginUrl;
	}

	public String getStatusPath() {
		return this.statusPath;
	}

	public void setStatusPath(String statusPath) {
		this.statusPath = statusPath;
	}

	public Duration getExpiryCheckInterval() {
		return this.expiryCheckInterval;
	}

	public void setExpiryCheckInterval(Duration expiryCheckInterval) {
		this.expiryCheckInterval = expiryCheckInterval;
	}

	public String getKeepAlivePath() {
		return this.keepAlivePath;
	}

	public void setKeepAlivePath(String keepAlivePath) {
		this.keepAlivePath = keepAlivePath;
	}

	public List<Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(List<Policy> policies) {
		this.policies = policies;
	}

	public Duration getAccountCheckInterval() {
		return this.accountCheckInterval;
	}

	public void setAccountCheckInterval(Duration accountCheckInterval) {
		this.accountCheckInterval = accountCheckInterval;
	}

	public boolean isRecordClientDetails() {
		return this.recordClientDetails;
	}

	public void setRecordClientDetails(boolean recordClientDetails) {
		this.recordClientDetails = recordClientDetails;
	}

	public @Nullable Duration getRevocationRetention() {
		return this.revocationRetention;
	}

	public void setRevocationRetention(@Nullable Duration revocationRetention) {
		this.revocationRetention = revocationRetention;
	}

	/**
	 * The policy for users that no {@link #getPolicies() authority policy} matches.
	 * @return the default policy
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	public TimeoutPolicy defaultPolicy() {
		return policy("autologout", this.idleTimeout, this.absoluteTimeout, this.warnBefore,
				"autologout.warn-before");
	}

	/**
	 * The longest absolute timeout of any policy: how long a revocation can matter.
	 * @return the longest absolute timeout
	 */
	public Duration longestAbsoluteTimeout() {
		Duration longest = defaultPolicy().absoluteTimeout();
		for (TimeoutPolicy policy : authorityPolicies().values()) {
			longest = (policy.absoluteTimeout().compareTo(longest) > 0) ? policy.absoluteTimeout() : longest;
		}
		return longest;
	}

	/**
	 * How long revocations must be remembered: {@link #getRevocationRetention()} if set, else the
	 * longer of the {@link #longestAbsoluteTimeout() longest absolute timeout} and two weeks,
	 * Spring Security's default remember-me validity, so that revoked remember-me cookies stay
	 * refused.
	 * @return the retention
	 * @throws InvalidConfigurationPropertyValueException if the retention set is shorter than the
	 * longest absolute timeout
	 */
	public Duration revocationRetention() {
		Duration longest = longestAbsoluteTimeout();
		if (this.revocationRetention == null) {
			return (longest.compareTo(DEFAULT_REMEMBER_ME_VALIDITY) >= 0) ? longest : DEFAULT_REMEMBER_ME_VALIDITY;
		}
		requireNotTooLong("autologout.revocation-retention", this.revocationRetention);
		if (this.revocationRetention.compareTo(longest) < 0) {
			throw new InvalidConfigurationPropertyValueException("autologout.revocation-retention",
					this.revocationRetention,
					"Revocations must be remembered at least as long as the longest absolute timeout (" + longest
							+ ").");
		}
		return this.revocationRetention;
	}

	/**
	 * The policies by authority, each based on the default policy with its own values on top.
	 * @return the policies in the order they were configured
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	public Map<String, TimeoutPolicy> authorityPolicies() {
		Map<String, TimeoutPolicy> result = new LinkedHashMap<>();
		for (int i = 0; i < this.policies.size(); i++) {
			Policy policy = this.policies.get(i);
			String prefix = "autologout.policies[" + i + "]";
			if (!StringUtils.hasText(policy.getAuthority())) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".authority", policy.getAuthority(),
						"An authority such as ROLE_ADMIN is required." + WHOLE_LISTS);
			}
			if (result.containsKey(policy.getAuthority())) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".authority", policy.getAuthority(),
						"Each authority may have only one policy.");
			}
			Duration idle = (policy.getIdleTimeout() != null) ? policy.getIdleTimeout() : this.idleTimeout;
			Duration absolute = (policy.getAbsoluteTimeout() != null) ? policy.getAbsoluteTimeout()
					: this.absoluteTimeout;
			Duration warning = (policy.getWarnBefore() != null) ? policy.getWarnBefore() : this.warnBefore;
			String warningName = (policy.getWarnBefore() != null) ? prefix + ".warn-before"
					: "autologout.warn-before";
			result.put(policy.getAuthority(), policy(prefix, idle, absolute, warning, warningName));
		}
		return result;
	}

	/**
	 * Checks and builds one policy; its warning may be the default policy's, named by
	 * {@code warningName}, which a policy's shorter idle timeout can make too long.
	 */
	private static TimeoutPolicy policy(String prefix, Duration idle, Duration absolute, @Nullable Duration warning,
			String warningName) {
		requireTimeout(prefix + ".idle-timeout", idle);
		requireTimeout(prefix + ".absolute-timeout", absolute);
		if (warning == null) {
			Duration quarter = idle.dividedBy(4);
			return TimeoutPolicy.of(idle, absolute, (quarter.compareTo(DEFAULT_WARNING) < 0) ? quarter : DEFAULT_WARNING);
		}
		if (warning.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(warningName, warning,
					"The warning must not be negative; use 0 to disable it.");
		}
		if (warning.compareTo(idle) >= 0) {
			String inherited = warningName.startsWith(prefix + ".") ? ""
					: " of " + prefix + ", which takes this warning; give it a warn-before of its own";
			throw new InvalidConfigurationPropertyValueException(warningName, warning,
					"The warning must be shorter than the idle timeout (" + idle + ")" + inherited + ".");
		}
		return TimeoutPolicy.of(idle, absolute, warning);
	}

	/**
	 * Fails for a timeout under a second, which the status endpoint and the page, counting
	 * seconds, would show as 0.
	 */
	private static void requireTimeout(String name, @Nullable Duration value) {
		requireInRange(name, value);
		if (value.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"A timeout must be at least one second; a number without a unit is seconds.");
		}
	}

	/**
	 * Fails for a check interval under a second: each check costs what the reason says, and the
	 * page and the status endpoint count the time left in seconds.
	 */
	private static void requireCheckInterval(String name, Duration value, String reason) {
		if (value.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"The interval must be at least one second: " + reason);
		}
	}

	private static void requireInRange(String name, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "The duration must be positive.");
		}
		requireNotTooLong(name, value);
	}

	private static void requireNotTooLong(String name, Duration value) {
		if (value.compareTo(LONGEST) > 0) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"The duration must be at most " + LONGEST.toDays() + " days (100 years).");
		}
	}

	/**
	 * Checks the bound values, so that a wrong one fails start-up whichever beans use them.
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks the values that are not durations.
	 * @throws InvalidConfigurationPropertyValueException naming the property that is wrong
	 */
	public void validate() {
		defaultPolicy();
		authorityPolicies();
		requireLocalPath("autologout.login-url", this.loginUrl);
		requireEndpointPath("autologout.status-path", this.statusPath);
		requireEndpointPath("autologout.keep-alive-path", this.keepAlivePath);
		requireDistinct("autologout.status-path", this.statusPath, "autologout.login-url", this.loginUrl);
		requireDistinct("autologout.keep-alive-path", this.keepAlivePath, "autologout.login-url", this.loginUrl);
		requireDistinct("autologout.keep-alive-path", this.keepAlivePath, "autologout.status-path", this.statusPath);
		requireInRange("autologout.expiry-check-interval", this.expiryCheckInterval);
		requireCheckInterval("autologout.expiry-check-interval", this.expiryCheckInterval,
				"each pass asks the session store for what is due.");
		if (this.accountCheckInterval == null || this.accountCheckInterval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("autologout.account-check-interval",
					this.accountCheckInterval, "The interval must not be negative; use 0 to turn the check off.");
		}
		if (!this.accountCheckInterval.isZero()) {
			requireCheckInterval("autologout.account-check-interval", this.accountCheckInterval,
					"each check looks the user up again; use 0 to turn the check off.");
		}
		requireNotTooLong("autologout.account-check-interval", this.accountCheckInterval);
		requireClientCheckInterval();
		revocationRetention();
		for (int i = 0; i < this.passivePaths.size(); i++) {
			String pattern = this.passivePaths.get(i);
			String name = "autologout.passive-paths[" + i + "]";
			if (pattern == null || !pattern.startsWith("/")) {
				throw new InvalidConfigurationPropertyValueException(name, pattern,
						"A path pattern must start with '/'." + WHOLE_LISTS);
			}
			try {
				PathPatternParser.defaultInstance.parse(pattern);
			}
			catch (PatternParseException ex) {
				throw new InvalidConfigurationPropertyValueException(name, pattern,
						"Not a valid path pattern: " + ex.getMessage() + "." + WHOLE_LISTS);
			}
		}
	}

	/**
	 * Fails for an interval under five seconds but zero: each open page would ask the server
	 * that often.
	 */
	private void requireClientCheckInterval() {
		Duration interval = this.clientCheckInterval;
		if (interval == null || interval.isNegative()
				|| (!interval.isZero() && interval.compareTo(MIN_CLIENT_CHECK) < 0)) {
			throw new InvalidConfigurationPropertyValueException("autologout.client-check-interval", interval,
					"The interval must be at least 5 seconds, or 0 to ask only when the page needs to;"
							+ " a number without a unit is seconds.");
		}
		requireNotTooLong("autologout.client-check-interval", interval);
	}

	/**
	 * Fails for an endpoint's path that is not a plain local path of its own: a pattern, or the
	 * site's root, would take over other requests (the login page, every {@code POST}, the home
	 * page) as the endpoint.
	 */
	private static void requireEndpointPath(String name, @Nullable String path) {
		requireLocalPath(name, path);
		if (path.chars().anyMatch((c) -> c == '*' || c == '?' || c == '{' || c == '}')) {
			throw new InvalidConfigurationPropertyValueException(name, path,
					"Must be a plain path, without the wildcards or variables of a pattern: it names one endpoint.");
		}
		if (path.equals("/")) {
			throw new InvalidConfigurationPropertyValueException(name, path,
					"Must name an endpoint of its own, not the site's root, which is the home page.");
		}
	}

	private static void requireLocalPath(String name, @Nullable String path) {
		if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
				|| path.chars().anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new InvalidConfigurationPropertyValueException(name, path,
					"Must be a path on this site that starts with a single '/'.");
		}
	}

	/**
	 * Fails for a path that is also another of autologout's paths: one request would then be
	 * answered as two things, such as the login page answered as the status endpoint.
	 */
	private static void requireDistinct(String name, String path, String otherName, String otherPath) {
		if (path.equals(otherPath)) {
			throw new InvalidConfigurationPropertyValueException(name, path, "Must differ from " + otherName + ".");
		}
	}

	/**
	 * A timeout policy for the users that have an authority; values left unset come from the
	 * default policy.
	 */
	public static class Policy {

		/**
		 * Authority that selects this policy, such as 'ROLE_ADMIN'.
		 */
		private String authority = "";

		/**
		 * Idle timeout of these users.
		 * A number without a unit is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration idleTimeout;

		/**
		 * Absolute timeout of these users.
		 * A number without a unit is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration absoluteTimeout;

		/**
		 * Warning before the idle deadline of these users.
		 * A number without a unit is seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration warnBefore;

		public String getAuthority() {
			return this.authority;
		}

		public void setAuthority(String authority) {
			this.authority = authority;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getAbsoluteTimeout() {
			return this.absoluteTimeout;
		}

		public void setAbsoluteTimeout(@Nullable Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
		}

		public @Nullable Duration getWarnBefore() {
			return this.warnBefore;
		}

		public void setWarnBefore(@Nullable Duration warnBefore) {
			this.warnBefore = warnBefore;
		}

	}

}

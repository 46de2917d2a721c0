package io.github.autologout.thymeleaf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.security.AutoLogoutFilter;
import io.github.autologout.security.SessionStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.util.Assert;

/**
 * The {@code #autologout} expression object: the current user's deadlines and the logout message
 * of the login page.
 * <p>
 * For example {@code th:text="${#autologout.secondsUntilIdleEnd}"}, or
 * {@code th:if="${#autologout.message}"} on the login page. The deadlines are those the session
 * has once the current request completes; they are {@code null} where
 * {@link #isSubjectToAutoLogout()} is {@code false}.
 */
public final class AutoLogoutExpressionObject {

	private static final String DEFAULT_LOGOUT_PATH = "/logout";

	private final @Nullable HttpServletRequest request;

	private final @Nullable SessionStatus status;

	private final AutoLogoutProperties properties;

	private final AutoLogoutMessages messages;

	private final Locale locale;

	AutoLogoutExpressionObject(@Nullable HttpServletRequest request, @Nullable SessionStatus status,
			AutoLogoutProperties properties, AutoLogoutMessages messages, Locale locale) {
		this.request = request;
		this.status = status;
		this.properties = properties;
		this.messages = messages;
		this.locale = locale;
	}

	/**
	 * Whether the current user is signed in with a session whose deadlines autologout enforces.
	 * @return {@code false} for anonymous users and unmanaged sessions
	 */
	public boolean isSubjectToAutoLogout() {
		return this.status != null;
	}

	/**
	 * Whole seconds until the idle deadline.
	 * @return the seconds, or {@code null} if the user is not subject to autologout
	 */
	public @Nullable Long getSecondsUntilIdleEnd() {
		return (this.status != null) ? this.status.secondsUntilIdleEnd() : null;
	}

	/**
	 * Whole seconds until the absolute deadline.
	 * @return the seconds, or {@code null} if the user is not subject to autologout
	 */
	public @Nullable Long getSecondsUntilSessionEnd() {
		return (this.status != null) ? this.status.secondsUntilSessionEnd() : null;
	}

	/**
	 * Whole seconds before the idle deadline that the page warns the user.
	 * @return the seconds, zero for no warning, or {@code null} if the user is not subject to
	 * autologout
	 */
	public @Nullable Long getWarnBeforeSeconds() {
		return (this.status != null) ? this.status.warnBefore().toSeconds() : null;
	}

	/**
	 * The text that tells the user why their session ended, on the login page that autologout sent
	 * them to.
	 * @return the localized text, or {@code null} on other requests
	 */
	public @Nullable String getMessage() {
		return (this.request != null
				&& this.request.getAttribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE) instanceof String message) ? message
						: null;
	}

	/**
	 * The code of the reason the session ended, such as {@code idle}, on the login page that
	 * autologout sent the user to.
	 * @return the code, or {@code null} on other requests
	 */
	public @Nullable String getReason() {
		return (this.request != null
				&& this.request.getAttribute(AutoLogoutFilter.REASON_ATTRIBUTE) instanceof LogoutReason reason)
						? reason.code() : null;
	}

	/**
	 * The attributes of the script tag, unescaped, in order; a {@code null} value is an attribute
	 * without value.
	 */
	Map<String, @Nullable String> scriptAttributes() {
		Assert.state(this.request != null && this.status != null, "Not subject to autologout");
		String contextPath = this.request.getContextPath();
		Map<String, @Nullable String> attributes = new LinkedHashMap<>();
		attributes.put("src", contextPath + AutoLogoutDialect.SCRIPT_PATH);
		attributes.put("defer", null);
		attributes.put("data-status-url", contextPath + this.properties.getStatusPath());
		attributes.put("data-keep-alive-url", contextPath + this.properties.getKeepAlivePath());
		attributes.put("data-login-url", contextPath + this.properties.getLoginUrl());
		attributes.put("data-logout-url", contextPath + DEFAULT_LOGOUT_PATH);
		if (this.request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
			attributes.put("data-csrf-header", csrf.getHeaderName());
			attributes.put("data-csrf-parameter", csrf.getParameterName());
			attributes.put("data-csrf-token", csrf.getToken());
		}
		attributes.put("data-idle-seconds", Long.toString(this.status.secondsUntilIdleEnd()));
		attributes.put("data-session-seconds", Long.toString(this.status.secondsUntilSessionEnd()));
		attributes.put("data-idle-timeout-seconds", Long.toString(this.status.policy().idleTimeout().toSeconds()));
		attributes.put("data-warn-seconds", Long.toString(this.status.warnBefore().toSeconds()));
		attributes.put("data-redirect", Boolean.toString(this.properties.isRedirectToLoginImmediately()));
		// a page that a GET showed goes back through itself once its session ends, one a POST showed must not
		attributes.put("data-page-reload", Boolean.toString(HttpMethod.GET.matches(this.request.getMethod())));
		attributes.put("data-client-activity", Boolean.toString(this.properties.isClientActivity()));
		attributes.put("data-check-seconds", Long.toString(this.properties.getClientCheckInterval().toSeconds()));
		attributes.put("data-title", text("autologout.warning.title"));
		attributes.put("data-body", text("autologout.warning.body"));
		attributes.put("data-body-absolute", text("autologout.warning.absolute"));
		attributes.put("data-stay", text("autologout.warning.stay"));
		attributes.put("data-logout", text("autologout.warning.logout"));
		attributes.put("data-dismiss", text("autologout.warning.dismiss"));
		attributes.put("data-failed", text("autologout.warning.failed"));
		attributes.put("data-ended-title", text("autologout.ended.title"));
		attributes.put("data-ended-body", text("autologout.ended.body"));
		attributes.put("data-login", text("autologout.ended.login"));
		return attributes;
	}

	/** A text whose {@code {0}}, if any, stays for the script to fill in with the time left. */
	private String text(String code) {
		return this.messages.text(code, this.locale, "{0}");
	}

}

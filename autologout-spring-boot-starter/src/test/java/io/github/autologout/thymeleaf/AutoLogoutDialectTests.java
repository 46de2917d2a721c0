package io.github.autologout.thymeleaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.autologout.AutoLogoutMessages;
import io.github.autologout.autoconfigure.AutoLogoutProperties;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.security.AuthorityTimeoutPolicyResolver;
import io.github.autologout.security.AutoLogoutFilter;
import io.github.autologout.security.AutoLogoutRequestMatchers;
import io.github.autologout.security.SessionTimesAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

class AutoLogoutDialectTests {

	private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

	private static final String SCRIPT = "<script autologout:script></script>";

	private final StaticMessageSource applicationMessages = new StaticMessageSource();

	private final AutoLogoutProperties properties = new AutoLogoutProperties();

	private final SecurityContextHolderStrategy securityContext = SecurityContextHolder.getContextHolderStrategy();

	private final MockServletContext servletContext = new MockServletContext();

	private final MockHttpServletRequest request = new MockHttpServletRequest(this.servletContext, "GET", "/app/orders");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private SpringTemplateEngine engine;

	@BeforeEach
	void setUp() {
		this.properties.setPassivePaths(List.of("/poll"));
		this.request.setContextPath("/app");
		MockHttpSession session = new MockHttpSession(this.servletContext);
		SessionTimesAttributes.write(session::setAttribute,
				SessionTimes.of(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofMinutes(10))));
		this.request.setSession(session);
		this.request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n"));
		this.engine = engine(dialect());
	}

	@AfterEach
	void clearSecurityContext() {
		this.securityContext.clearContext();
	}

	private AutoLogoutDialect dialect() {
		AuthorityTimeoutPolicyResolver policies = new AuthorityTimeoutPolicyResolver(
				TimeoutPolicy.of(Duration.ofMinutes(15), Duration.ofHours(8), Duration.ofMinutes(1)), Map.of());
		AutoLogoutRequestMatchers matchers = new AutoLogoutRequestMatchers(this.properties.getStatusPath(),
				this.properties.getKeepAlivePath(), this.properties.getPassivePaths());
		return new AutoLogoutDialect(this.properties, policies, matchers,
				new AutoLogoutMessages(this.applicationMessages, null), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static SpringTemplateEngine engine(AutoLogoutDialect dialect) {
		StringTemplateResolver resolver = new StringTemplateResolver();
		resolver.setTemplateMode(TemplateMode.HTML);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		engine.addDialect(dialect);
		return engine;
	}

	private void signIn(Authentication authentication) {
		this.securityContext.setContext(new SecurityContextImpl(authentication));
	}

	private void signInUser() {
		signIn(new TestingAuthenticationToken("user", "password", "ROLE_USER"));
	}

	private String render(String template) {
		return render(template, Locale.ENGLISH, Map.of());
	}

	private String render(String template, Locale locale, Map<String, Object> variables) {
		JakartaServletWebApplication application = JakartaServletWebApplication.buildApplication(this.servletContext);
		return this.engine.process(template,
				new WebContext(application.buildExchange(this.request, this.response), locale, variables));
	}

	@Test
	void scriptWhenAnonymousThenRendersNothing() {
		signIn(new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		assertThat(render("<p>a</p>" + SCRIPT + "<p>b</p>")).isEqualTo("<p>a</p><p>b</p>");
	}

	@Test
	void scriptWhenNobodySignedInThenRendersNothing() {
		assertThat(render("<p>a</p>" + SCRIPT)).isEqualTo("<p>a</p>");
	}

	@Test
	void scriptWhenSessionIsNotManagedByAutoLogoutThenRendersNothing() {
		signInUser();
		this.request.setSession(new MockHttpSession(this.servletContext));
		assertThat(render(SCRIPT)).isEmpty();
	}

	@Test
	void scriptWhenNotAWebContextThenRendersNothing() {
		signInUser();
		assertThat(this.engine.process(SCRIPT, new Context(Locale.ENGLISH))).isEmpty();
	}

	@Test
	void scriptWhenSignedInThenRendersTagThatLoadsTheScriptWithTheSettings() {
		signInUser();
		assertThat(render(SCRIPT)).startsWith("<script src=\"/app/autologout/autologout.js\" defer ")
			.endsWith("></script>")
			.doesNotContain("autologout:script")
			.contains(" data-status-url=\"/app/autologout/status\"")
			.contains(" data-keep-alive-url=\"/app/autologout/keep-alive\"")
			.contains(" data-login-url=\"/app/login\"")
			.contains(" data-logout-url=\"/app/logout\"")
			.contains(" data-csrf-header=\"X-CSRF-TOKEN\"")
			.contains(" data-csrf-parameter=\"_csrf\"")
			.contains(" data-csrf-token=\"t0k3n\"")
			.contains(" data-idle-seconds=\"900\"")
			.contains(" data-session-seconds=\"21600\"")
			.contains(" data-idle-timeout-seconds=\"900\"")
			.contains(" data-warn-seconds=\"60\"")
			.contains(" data-redirect=\"false\"")
			.contains(" data-page-reload=\"true\"")
			.contains(" data-client-activity=\"false\"")
			.contains(" data-check-seconds=\"0\"")
			.contains(" data-title=\"Your session is about to end\"")
			.contains(" data-body=\"You will be signed out in {0} because of inactivity.\"")
			.contains(" data-stay=\"Stay signed in\"")
			.contains(" data-logout=\"Log out\"")
			.contains(" data-dismiss=\"Continue\"")
			.contains(" data-failed=\"Could not keep you signed in. Try again, or reload the page.\"")
			.contains(" data-ended-title=\"Your session has ended\"")
			.contains(" data-login=\"Sign in again\"");
	}

	@Test
	void scriptWhenPropertiesSetThenRendersThem() {
		this.properties.setRedirectToLoginImmediately(true);
		this.properties.setClientActivity(true);
		this.properties.setClientCheckInterval(Duration.ofSeconds(30));
		this.properties.setLoginUrl("/signin");
		this.properties.setStatusPath("/session/status");
		this.engine = engine(dialect());
		signInUser();
		assertThat(render(SCRIPT)).contains(" data-redirect=\"true\"")
			.contains(" data-client-activity=\"true\"")
			.contains(" data-check-seconds=\"30\"")
			.contains(" data-login-url=\"/app/signin\"")
			.contains(" data-status-url=\"/app/session/status\"");
	}

	@Test
	void scriptOfAPageThatAPostShowedDoesNotReloadThePageOnceTheSessionEnds() {
		signInUser();
		this.request.setMethod("POST");
		assertThat(render(SCRIPT)).contains(" data-page-reload=\"false\"");
	}

	@Test
	void scriptWhenRequestIsPassiveThenIdleSecondsAreNotReset() {
		signInUser();
		this.request.setRequestURI("/app/poll");
		assertThat(render(SCRIPT)).contains(" data-idle-seconds=\"300\"");
	}

	@Test
	void scriptWhenChineseLocaleThenRendersChineseTexts() {
		signInUser();
		assertThat(render(SCRIPT, Locale.SIMPLIFIED_CHINESE, Map.of())).contains(" data-stay=\"保持登录\"")
			.contains(" data-failed=\"未能保持登录。请重试，或刷新此页面。\"")
			.contains(" data-body=\"由于未操作，您将在 {0} 后被登出。\"");
	}

	@Test
	void scriptWhenNoCsrfTokenThenRendersNoCsrfAttributes() {
		signInUser();
		this.request.removeAttribute(CsrfToken.class.getName());
		assertThat(render(SCRIPT)).contains("data-status-url").doesNotContain("data-csrf");
	}

	@Test
	void scriptWhenTextsHoldMarkupThenEscapesThem() {
		this.applicationMessages.addMessage("autologout.warning.stay", Locale.ENGLISH,
				"Stay <script>alert(\"x\")</script> & go");
		signInUser();
		String html = render(SCRIPT);
		assertThat(html).contains(" data-stay=\"Stay &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; go\"")
			.doesNotContain("<script>alert");
	}

	@Test
	void scriptWhenCsrfTokenHoldsQuotesThenEscapesIt() {
		signInUser();
		this.request.setAttribute(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a\"b'c"));
		assertThat(render(SCRIPT)).contains(" data-csrf-token=\"a&quot;b&#39;c\"");
	}

	@Test
	void scriptWhenNonceGivenThenCarriesIt() {
		signInUser();
		String html = render("<script autologout:script autologout:nonce=\"${nonce}\"></script>", Locale.ENGLISH,
				Map.of("nonce", "r4nd0m"));
		assertThat(html).contains(" nonce=\"r4nd0m\"").contains(" data-status-url=").doesNotContain("autologout:");
	}

	@Test
	void scriptWhenNonceHoldsQuotesThenEscapesIt() {
		signInUser();
		String html = render("<script autologout:script autologout:nonce=\"${nonce}\"></script>", Locale.ENGLISH,
				Map.of("nonce", "\"><script>x</script>"));
		assertThat(html).contains(" nonce=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"").doesNotContain("<script>x");
	}

	@Test
	void scriptWhenNonceIsEmptyThenSetsNone() {
		signInUser();
		String html = render("<script autologout:script autologout:nonce=\"${nonce}\"></script>", Locale.ENGLISH,
				Map.of("nonce", ""));
		assertThat(html).contains(" data-status-url=").doesNotContain("nonce");
	}

	@Test
	void scriptWhenAnonymousAndNonceGivenThenRendersNothing() {
		assertThat(render("<script autologout:script autologout:nonce=\"${nonce}\"></script>", Locale.ENGLISH,
				Map.of("nonce", "r4nd0m")))
			.isEmpty();
	}

	@Test
	void scriptWhenTagHasOwnDataAttributesThenKeepsThem() {
		signInUser();
		String html = render("<script autologout:script data-logout-url=\"/signout\""
				+ " th:data-logout-method=\"${method}\"></script>", Locale.ENGLISH, Map.of("method", "get"));
		assertThat(html).contains(" data-logout-url=\"/signout\"")
			.doesNotContain("/app/logout")
			.contains(" data-logout-method=\"get\"")
			.contains(" data-status-url=");
	}

	@Test
	void scriptWhenThIfIsFalseThenRendersNothing() {
		signInUser();
		assertThat(render("<script th:if=\"${false}\" autologout:script></script>")).isEmpty();
	}

	@Test
	void expressionObjectWhenSignedInThenGivesTheDeadlines() {
		signInUser();
		assertThat(render("<p th:text=\"${#autologout.subjectToAutoLogout}\"></p>"
				+ "<p th:text=\"${#autologout.secondsUntilIdleEnd}\"></p>"
				+ "<p th:text=\"${#autologout.secondsUntilSessionEnd}\"></p>"
				+ "<p th:text=\"${#autologout.warnBeforeSeconds}\"></p>"))
			.isEqualTo("<p>true</p><p>900</p><p>21600</p><p>60</p>");
	}

	@Test
	void expressionObjectWhenAnonymousThenIsNotSubjectAndHasNoDeadlines() {
		assertThat(render("<p th:text=\"${#autologout.subjectToAutoLogout}\"></p>"
				+ "<p th:text=\"${#autologout.secondsUntilIdleEnd}\"></p>"
				+ "<p th:if=\"${#autologout.secondsUntilSessionEnd == null}\">none</p>"))
			.isEqualTo("<p>false</p><p></p><p>none</p>");
	}

	@Test
	void expressionObjectWhenLoginPageAfterAutoLogoutThenGivesTheMessage() {
		this.request.setAttribute(AutoLogoutFilter.REASON_ATTRIBUTE, LogoutReason.IDLE);
		this.request.setAttribute(AutoLogoutFilter.MESSAGE_ATTRIBUTE, "Signed out <b>idle</b>");
		assertThat(render("<p th:if=\"${#autologout.message}\" th:text=\"${#autologout.message}\"></p>"
				+ "<p th:text=\"${#autologout.reason}\"></p>"))
			.isEqualTo("<p>Signed out &lt;b&gt;idle&lt;/b&gt;</p><p>idle</p>");
	}

	@Test
	void expressionObjectWhenNoAutoLogoutThenHasNoMessage() {
		assertThat(render("<p th:if=\"${#autologout.message}\">x</p><p th:text=\"${#autologout.reason}\"></p>"))
			.isEqualTo("<p></p>");
	}

}

package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The countdown, the warning and the immediate redirect in a real browser, under a strict
 * Content-Security-Policy: idle timeout 6 s, warning 3 s before it. The server's expiry pass is
 * held off, so that a test's requests, not the pass, end its session: the request that ends it
 * and the next one with its cookie are both told why, where a pass that ended it between the
 * clock's move and the test's first request would leave that request the only one told.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "autologout.idle-timeout=6s", "autologout.warn-before=3s",
				"autologout.redirect-to-login-immediately=true", "autologout.expiry-check-interval=1h" })
@Import(BrowserTestConfiguration.class)
class CountdownBrowserTests extends BrowserTestSupport {

	@Test
	void idleDeadlineWhenRedirectImmediatelyThenWarnsAndThenGoesToLoginPageWithMessage() {
		signIn();
		assertThat(this.driver.findElement(By.id("countdown")).getText()).matches("0:0[2-6]");
		awaitDialog(Duration.ofSeconds(6));
		await(Duration.ofSeconds(8), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
		assertThat(body(status())).containsEntry("authenticated", false);
	}

	@Test
	void idleDeadlineOnPublicPageWhenRedirectImmediatelyThenGoesToLoginPageWithMessage() {
		signIn();
		this.driver.get(url("/public"));
		assertThat(this.driver.findElement(By.id("countdown")).getText()).matches("0:0[2-6]");
		await(Duration.ofSeconds(10), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
	}

	@Test
	void signingInAgainAfterTheRedirectLeadsBackToThePageTheTimeoutLeft() {
		signIn();
		this.driver.get(url("/sessions#current"));
		await(Duration.ofSeconds(10), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
		submitLogin("user", "password");
		await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/sessions?continue")));
		assertThat(this.driver.findElement(By.className("this-session")).getText()).isEqualTo("This session");
	}

	@Test
	void pageThatAPostShowedGoesToTheLoginPageWithoutAskingForItsAddressAgain() {
		signIn();
		this.driver.get(url("/password"));
		this.driver.findElement(By.name("currentPassword")).sendKeys("not the password");
		this.driver.findElement(By.name("newPassword")).sendKeys("a new password");
		this.driver.findElement(By.cssSelector("form button[type=submit]")).click();
		await(Duration.ofSeconds(5), (d) -> !d.findElements(By.id("password-error")).isEmpty());
		await(Duration.ofSeconds(10), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		submitLogin("user", "password");
		await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/")));
	}

	@Test
	void warningIsAnAccessibleDialogThatWorksUnderStrictContentSecurityPolicy() {
		// listens before any script of each page runs, so that violations while a page loads count too
		onEveryPage("window.violations = [];"
				+ "document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));",
				() -> {
					signIn();
					assertWarningDialogUnderStrictContentSecurityPolicy();
				});
	}

	private void assertWarningDialogUnderStrictContentSecurityPolicy() {
		WebElement dialog = awaitDialog(Duration.ofSeconds(6));
		assertThat(dialog.getDomAttribute("role")).isEqualTo("alertdialog");
		assertThat(dialog.getDomAttribute("aria-modal")).isEqualTo("true");
		assertThat(this.driver.findElement(By.id(dialog.getDomAttribute("aria-labelledby"))).getText())
			.isEqualTo("Your session is about to end");
		assertThat(this.driver.findElement(By.id(dialog.getDomAttribute("aria-describedby"))).getText())
			.matches("You will be signed out in 0:0[0-3] because of inactivity\\.");
		assertThat(this.driver.findElement(By.id("autologout-time")).getDomAttribute("role")).isEqualTo("timer");
		// announced as it opens, though the warning is shorter than the 10 s between announcements
		assertThat(dialog.findElement(By.cssSelector("[aria-live=polite]")).getDomProperty("textContent"))
			.matches("You will be signed out in 0:0[0-3] because of inactivity\\.");
		assertThat(this.driver.switchTo().activeElement()).isEqualTo(this.driver.findElement(STAY));
		assertThat(this.driver.findElement(STAY).getText()).isEqualTo("Stay signed in");
		assertThat(this.driver.findElement(LOGOUT).getText()).isEqualTo("Log out");
		assertThat(this.driver.executeScript("return violations")).isEqualTo(List.of());
		assertThat((String) this.driver.executeAsyncScript(
				"const done = arguments[0]; fetch('/').then((r) => done(r.headers.get('content-security-policy')));"))
			.isEqualTo(BrowserTestConfiguration.CONTENT_SECURITY_POLICY);
		// the listener sees a violation: an inline script, which the policy refuses
		this.driver.executeScript("const inline = document.createElement('script');"
				+ "inline.textContent = 'window.inlineRan = true'; document.head.appendChild(inline);");
		await(Duration.ofSeconds(5), (d) -> !((List<?>) this.driver.executeScript("return violations")).isEmpty());
		assertThat(this.driver.executeScript("return violations")).isEqualTo(List.of("script-src-elem"));
		assertThat(this.driver.executeScript("return window.inlineRan === true")).isEqualTo(false);
	}

	@Test
	void staySignedInThenClosesWarningAndServerHasFreshIdleDeadline() {
		signIn();
		awaitDialog(Duration.ofSeconds(6));
		assertThat(((Number) body(status()).get("secondsUntilIdleEnd")).longValue()).isLessThanOrEqualTo(3);
		this.driver.findElement(STAY).click();
		awaitNoDialog(Duration.ofSeconds(3));
		Map<String, Object> status = body(status());
		assertThat(status).containsEntry("authenticated", true);
		assertThat(((Number) status.get("secondsUntilIdleEnd")).longValue()).isGreaterThanOrEqualTo(4);
		assertThat(path(this.driver)).isEqualTo("/");
	}

	@Test
	void twoWindowsStayInSyncForStaySignedInAndForLogout() {
		signIn();
		String first = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(WindowType.WINDOW);
		this.driver.get(url("/"));
		String second = this.driver.getWindowHandle();
		staySignedInInSecondWindowClosesWarningInFirst(first, second);

		awaitDialog(Duration.ofSeconds(6)).findElement(LOGOUT).click();
		await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?logout"));
		this.driver.switchTo().window(second);
		await(Duration.ofSeconds(5), (d) -> path(d).equals("/login"));
		this.driver.get(url("/"));
		assertThat(path(this.driver)).isEqualTo("/login");
	}

	@Test
	void twoWindowsWithoutBroadcastChannelStayInSyncThroughStorageEvents() {
		signIn();
		String first = this.driver.getWindowHandle();
		String firstScript = withoutBroadcastChannel();
		try {
			this.driver.get(url("/"));
			this.driver.switchTo().newWindow(WindowType.WINDOW);
			withoutBroadcastChannel(); // in the second window, which is closed after the test
			this.driver.get(url("/"));
			assertThat(this.driver.executeScript("return typeof BroadcastChannel")).isEqualTo("undefined");
			staySignedInInSecondWindowClosesWarningInFirst(first, this.driver.getWindowHandle());
		}
		finally {
			this.driver.switchTo().window(first);
			this.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", firstScript));
		}
	}

	/**
	 * Waits for the warning in both windows, stays signed in in the second and checks that the
	 * first closes its warning at once. The first window's requests are held back meanwhile, so
	 * that it can only learn of the new deadline from the second.
	 */
	private void staySignedInInSecondWindowClosesWarningInFirst(String first, String second) {
		awaitDialog(Duration.ofSeconds(6));
		this.driver.switchTo().window(first);
		awaitDialog(Duration.ofSeconds(2));
		this.driver.executeScript("const serverFetch = window.fetch; window.restoreFetch = () => window.fetch = serverFetch;"
				+ "window.fetch = (...args) => new Promise((r) => setTimeout(r, 5000)).then(() => serverFetch(...args));");
		this.driver.switchTo().window(second);
		this.driver.findElement(STAY).click();
		awaitNoDialog(Duration.ofSeconds(3));
		this.driver.switchTo().window(first);
		awaitNoDialog(Duration.ofMillis(1500));
		this.driver.executeScript("restoreFetch()");
		assertThat(path(this.driver)).isEqualTo("/");
	}

	/** Makes the current window's next pages run without BroadcastChannel, as older browsers do. */
	private String withoutBroadcastChannel() {
		return (String) this.driver
			.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
					Map.of("source", "delete window.BroadcastChannel;"))
			.get("identifier");
	}

	@Test
	void statusRequestThatNeverAnswersIsGivenUpSoTheDeadlineStillEndsThePage() {
		signIn();
		// the first status request hangs until the script gives it up, as one lost on the network does
		this.driver.executeScript("""
				const serverFetch = window.fetch;
				let hung = false;
				window.fetch = (url, options) => {
					if (hung || !String(url).includes('/autologout/status')) {
						return serverFetch(url, options);
					}
					hung = true;
					return new Promise((resolve, reject) => options.signal
						&& options.signal.addEventListener('abort', () => reject(options.signal.reason)));
				};
				""");
		await(Duration.ofSeconds(25), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
	}

	@Test
	void pageWhoseWallClockIsSetBackStillGoesToTheLoginPageAtTheServersDeadline() {
		onEveryPage(SETTABLE_WALL_CLOCK, () -> {
			signIn();
			setClockBackTenMinutesThenAwaitTheLoginPageWithTheIdleMessage(Duration.ofSeconds(12));
		});
	}

	@Test
	void pageWhoseWallClockIsSetBackWhileItAwaitsTheServersAnswerStillGoesToTheLoginPageAtTheServersDeadline() {
		// status answers arrive 4 s after the server gave them, and are counted while they are awaited
		onEveryPage(SETTABLE_WALL_CLOCK + """
						{ const serverFetch = window.fetch; window.statusAwaited = 0;
						  window.fetch = (url, options) => {
						    if (!String(url).includes('/autologout/status')) {
						      return serverFetch(url, options);
						    }
						    statusAwaited++;
						    return serverFetch(url, options).then((r) => new Promise((resolve) =>
						      setTimeout(() => { statusAwaited--; resolve(r); }, 4000)));
						  };
						}""", () -> {
			signIn();
			await(Duration.ofSeconds(8),
					(d) -> ((Number) this.driver.executeScript("return statusAwaited")).intValue() > 0);
			setClockBackTenMinutesThenAwaitTheLoginPageWithTheIdleMessage(Duration.ofSeconds(20));
		});
	}

	private void setClockBackTenMinutesThenAwaitTheLoginPageWithTheIdleMessage(Duration timeout) {
		this.driver.executeScript("setClockBack(600000)");
		await(timeout, (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
	}

	@Test
	void slowStatusAnswerMakesTheWarningShowNoMoreTimeThanTheServerHasLeft() {
		signIn();
		// each status answer arrives 5 s after the server gave it, after the deadline; the warning's times are recorded
		this.driver.executeScript("""
				const serverFetch = window.fetch;
				window.fetch = (url, options) => String(url).includes('/autologout/status')
					? serverFetch(url, options).then((r) => new Promise((resolve) => setTimeout(() => resolve(r), 5000)))
					: serverFetch(url, options);
				window.shown = [];
				new MutationObserver(() => {
					const time = document.getElementById('autologout-time');
					if (time && time.isConnected && time.textContent && shown[shown.length - 1] !== time.textContent) {
						shown.push(time.textContent);
					}
				}).observe(document.body, { subtree: true, childList: true, characterData: true });
				""");
		await(Duration.ofSeconds(12), (d) -> !((List<?>) this.driver.executeScript("return shown")).isEmpty());
		// asked 2-3 s before the deadline, answered after it: no time is left, whatever the answer said
		assertThat(((List<?>) this.driver.executeScript("return shown")).get(0)).isEqualTo("0:00");
		await(Duration.ofSeconds(20), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
	}

	@Test
	void warningThatTheBrowserClosesWithoutStayingSignedInOpensAgain() {
		signIn();
		awaitDialog(Duration.ofSeconds(6));
		// as Chrome closes it on Escape when the page had no user activation, whatever the script says
		assertThat(this.driver.executeScript(
				"const dialog = document.getElementById('autologout-dialog'); dialog.close(); return dialog.open"))
			.isEqualTo(false);
		awaitDialog(Duration.ofSeconds(2));
	}

	@Test
	void logoutThatTheServerRefusesInOneWindowLeavesTheOtherWindowSignedIn() {
		signIn();
		String second = signInAgainInANewWindow("admin", "admin");

		this.driver.findElement(By.id("logout")).click();

		await(Duration.ofSeconds(5), (d) -> path(d).equals("/logout")); // refused: its token is stale
		this.driver.switchTo().window(second);
		assertThatExceptionOfType(TimeoutException.class).as("the second window stays on its page")
			.isThrownBy(() -> await(Duration.ofSeconds(3), (d) -> !path(d).equals("/")));
		assertThat(body(status())).containsEntry("authenticated", true);
	}

	/**
	 * Signs in again in a new window, which gives the browser a new session whose CSRF token the
	 * current window's page does not have; returns the new window's handle, the current window
	 * being current again.
	 */
	private String signInAgainInANewWindow(String username, String password) {
		String current = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(WindowType.WINDOW);
		signInAs(username, password);
		String signedIn = this.driver.getWindowHandle();
		this.driver.switchTo().window(current);
		return signedIn;
	}

	/** Signs in on the login page of the current window, whatever its session was. */
	private void signInAs(String username, String password) {
		this.driver.get(url("/login"));
		submitLogin(username, password);
		await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/")));
	}

	@Test
	void pageRestoredAfterServerDeadlineThenGoesToLoginPageAtOnce() {
		signIn();
		this.clock.advance(Duration.ofSeconds(7));
		this.driver.executeScript("dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");
		await(Duration.ofSeconds(2), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
	}

	@Test
	void keepAliveAfterExpiryIsRefusedAndDoesNotReviveTheSession() {
		signIn();
		WebElement script = this.driver.findElement(By.cssSelector("script[data-csrf-token]"));
		String header = script.getDomAttribute("data-csrf-header");
		String token = script.getDomAttribute("data-csrf-token");
		this.driver.get(url("/api/me"));
		assertThat(fetch("POST", "/autologout/keep-alive", header, token)).containsEntry("status", 200L);

		this.clock.advance(Duration.ofSeconds(7));
		Map<String, Object> keepAlive = fetch("POST", "/autologout/keep-alive", header, token);
		assertThat(keepAlive).containsEntry("status", 401L);
		assertThat(body(keepAlive)).containsEntry("reason", "idle");
		Map<String, Object> status = status();
		assertThat(status).containsEntry("status", 401L);
		assertThat(body(status)).containsEntry("reason", "idle");
		this.driver.get(url("/"));
		assertThat(path(this.driver)).isEqualTo("/login");
	}

}

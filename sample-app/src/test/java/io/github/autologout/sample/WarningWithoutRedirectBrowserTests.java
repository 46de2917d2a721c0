package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The warning when the page is not sent to the login page by itself, and typing counted as
 * activity: idle timeout 5 s, warning 3 s before it, client activity on. The server's expiry pass
 * is held off, so that the page's own check is the request that ends the session and the test's
 * next request is the one told why with the ended session's cookie: where the pass ends the
 * session first, the page's check is told why, and a later request brings the new anonymous
 * session's cookie, as {@code ClusterTests.browserWithTheCookieOfASessionEndedWithoutARequest…}
 * checks.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "autologout.idle-timeout=5s", "autologout.warn-before=3s", "autologout.client-activity=true",
				"autologout.expiry-check-interval=1h" })
@Import(BrowserTestConfiguration.class)
class WarningWithoutRedirectBrowserTests extends BrowserTestSupport {

	@Test
	void idleDeadlineWhenWarningIgnoredThenDialogSaysWhyAndSignInGoesToLoginPageAndBackToThePage() {
		signIn();
		awaitDialog(Duration.ofSeconds(5));
		screenshot("warning");
		await(Duration.ofSeconds(6),
				(d) -> d.findElement(By.id("autologout-title")).getText().equals("Your session has ended"));
		screenshot("ended");
		assertThat(this.driver.findElement(By.id("autologout-body")).getText()).isEqualTo(IDLE_MESSAGE);
		assertThat(this.driver.findElement(By.cssSelector("#autologout-dialog [aria-live=polite]"))
			.getDomProperty("textContent")).as("announced").isEqualTo(IDLE_MESSAGE);
		assertThat(this.driver.findElement(STAY).getText()).isEqualTo("Continue");
		WebElement signIn = this.driver.findElement(LOGOUT);
		assertThat(signIn.getText()).isEqualTo("Sign in again");
		assertThat(path(this.driver)).isEqualTo("/");
		Map<String, Object> status = status();
		assertThat(status).containsEntry("status", 401L);
		assertThat(body(status)).containsEntry("reason", "idle");
		signIn.click();
		await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
		submitLogin("user", "password");
		await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/?continue")));
	}

	@Test
	void signInAgainClickedLongAfterTheSessionEndedGoesToTheLoginPageWithTheReason() {
		onEveryPage(SETTABLE_WALL_CLOCK, () -> {
			signIn();
			await(Duration.ofSeconds(11),
					(d) -> d.findElement(By.id("autologout-title")).getText().equals("Your session has ended"));
			// five minutes on: the server no longer keeps the reason for the page, so the page is not reloaded
			this.driver.executeScript("setClockBack(-300000)");
			this.driver.findElement(LOGOUT).click();
			await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?autologout=idle"));
			submitLogin("user", "password");
			await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/")));
		});
	}

	@Test
	void staySignedInThatFailsSaysSoInTheWarningAndATryThatSucceedsClosesIt() {
		signIn();
		// the first keep-alive gets a 503, as from a server that is restarting; later ones reach the server
		this.driver.executeScript("""
				const serverFetch = window.fetch;
				let failed = false;
				window.fetch = (url, options) => {
					if (failed || !String(url).includes('/autologout/keep-alive')) {
						return serverFetch(url, options);
					}
					failed = true;
					return Promise.resolve(new Response('', { status: 503 }));
				};
				""");
		awaitDialog(Duration.ofSeconds(5));
		WebElement note = this.driver.findElement(By.id("autologout-note"));
		assertThat(note.isDisplayed()).isFalse();

		this.driver.findElement(STAY).click();

		await(Duration.ofSeconds(2), (d) -> note.isDisplayed());
		assertThat(note.getText()).isEqualTo("Could not keep you signed in. Try again, or reload the page.");
		assertThat(this.driver.findElement(By.cssSelector("#autologout-dialog [aria-live=polite]"))
			.getDomProperty("textContent")).as("announced").isEqualTo(note.getText());
		assertThat(this.driver.findElement(DIALOG).isDisplayed()).as("still warning").isTrue();

		this.driver.findElement(STAY).click();

		awaitNoDialog(Duration.ofSeconds(2));
		assertThat(body(status())).containsEntry("authenticated", true);
		assertThat(note.getDomProperty("textContent")).as("cleared by the try").isEmpty();
	}

	@Test
	void keepAliveOfTypingThatFailsOnceTheWarningShowsSaysNothingOfStayingSignedIn() {
		signIn();
		// keep-alives are held until the test lets them fail with a 503; status requests after that are counted
		this.driver.executeScript("""
				const serverFetch = window.fetch;
				let fail = null;
				window.keepAlives = 0;
				window.askedAfterFailure = 0;
				window.failKeepAlive = () => { fail(); fail = null; };
				window.fetch = (url, options) => {
					if (String(url).includes('/autologout/keep-alive')) {
						keepAlives++;
						return new Promise((resolve) => { fail = () => resolve(new Response('', { status: 503 })); });
					}
					if (String(url).includes('/autologout/status') && keepAlives && !fail) {
						askedAfterFailure++;
					}
					return serverFetch(url, options);
				};
				""");
		await(Duration.ofSeconds(3), (d) -> {
			new Actions(d).sendKeys("a").perform();
			return ((Number) this.driver.executeScript("return keepAlives")).intValue() > 0;
		});
		awaitDialog(Duration.ofSeconds(5));

		this.driver.executeScript("failKeepAlive()");

		// the page asks the status after a failed keep-alive, once it has said what it says of it
		await(Duration.ofSeconds(2),
				(d) -> ((Number) this.driver.executeScript("return askedAfterFailure")).intValue() > 0);
		assertThat(this.driver.findElement(By.id("autologout-note")).isDisplayed()).isFalse();
		assertThat(this.driver.findElement(By.id("autologout-title")).getText()).isEqualTo("Your session is about to end");
	}

	@Test
	void logoutInOneWindowSendsTheOtherToTheLoginPageOnceTheServerHasLoggedOut() {
		signIn();
		String first = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(WindowType.WINDOW);
		this.driver.get(url("/"));
		String second = this.driver.getWindowHandle();
		this.driver.switchTo().window(first);

		this.driver.findElement(By.id("logout")).click();

		await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?logout"));
		this.driver.switchTo().window(second);
		await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?logout"));
	}

	@Test
	void typingWhenClientActivityOnThenSessionOutlivesItsIdleTimeoutWithoutWarning() {
		signIn();
		keepActiveForSevenSecondsThenAssertTheSessionLives((actions) -> actions.sendKeys("a"));
	}

	@Test
	void turningTheMouseWheelWhenClientActivityOnThenSessionOutlivesItsIdleTimeoutWithoutWarning() {
		signIn();
		keepActiveForSevenSecondsThenAssertTheSessionLives((actions) -> actions.scrollByAmount(0, 40));
	}

	/** Repeats the activity through seven seconds, more than the idle timeout, without a warning. */
	private void keepActiveForSevenSecondsThenAssertTheSessionLives(UnaryOperator<Actions> activity) {
		Instant end = Instant.now().plusSeconds(7);
		await(Duration.ofSeconds(10), (d) -> {
			assertThat(d.findElements(DIALOG)).noneMatch(WebElement::isDisplayed);
			activity.apply(new Actions(d)).perform();
			return Instant.now().isAfter(end);
		});
		Map<String, Object> status = body(status());
		assertThat(status).containsEntry("authenticated", true);
		// activity is recorded at most once a second, and the status asked up to a second later or more
		// under load: the 5 s idle timeout has 3 to 5 s left, 2 on a slow machine, never 0
		assertThat(((Number) status.get("secondsUntilIdleEnd")).longValue()).isGreaterThanOrEqualTo(2);
	}

}

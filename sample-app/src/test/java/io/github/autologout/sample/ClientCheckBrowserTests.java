package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.github.autologout.session.ForceLogoutService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * An open page that asks the server every 5 seconds ({@code autologout.client-check-interval}),
 * with the sample's idle timeout of 15 minutes: a force logout shows on it without a click, long
 * before any warning. Most tests use the password page, which has no countdown to tick each second.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "autologout.client-check-interval=5s")
@Import(BrowserTestConfiguration.class)
class ClientCheckBrowserTests extends BrowserTestSupport {

	private static final String FORCED_MESSAGE = "Your session was ended by an administrator.";

	/**
	 * Counts the page's status requests from its first script on; {@code hideWhenNextAsked()}
	 * hides the page as its next status request leaves and holds the answer a second, and
	 * {@code show()} shows it again.
	 */
	private static final String COUNTED = """
			{ const serverFetch = window.fetch;
			  let hideNext = false;
			  window.asked = 0;
			  window.answeredHidden = false;
			  const setHidden = (hidden) => {
			    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
			    Object.defineProperty(document, 'visibilityState', { configurable: true,
			      get: () => (hidden ? 'hidden' : 'visible') });
			    document.dispatchEvent(new Event('visibilitychange'));
			  };
			  window.hideWhenNextAsked = () => { hideNext = true; };
			  window.show = () => setHidden(false);
			  window.fetch = (url, options) => {
			    if (!String(url).includes('/autologout/status')) {
			      return serverFetch(url, options);
			    }
			    asked++;
			    if (!hideNext) {
			      return serverFetch(url, options);
			    }
			    hideNext = false;
			    setHidden(true);
			    return serverFetch(url, options).then((r) => new Promise((resolve) => setTimeout(() => {
			      answeredHidden = true;
			      resolve(r);
			    }, 1000)));
			  };
			}""";

	@Autowired
	private ForceLogoutService forceLogout;

	@AfterEach
	void endTheUsersSessions() {
		this.forceLogout.logout("user");
	}

	@Test
	void forceLogoutShowsOnTheOpenPageAtItsNextCheckAndSignInAgainGoesToTheLoginPageWithTheReason() {
		signIn();

		assertThat(this.forceLogout.logout("user")).isEqualTo(1);

		await(Duration.ofSeconds(10),
				(d) -> d.findElement(By.id("autologout-title")).getText().equals("Your session has ended"));
		assertThat(this.driver.findElement(By.id("autologout-body")).getText()).isEqualTo(FORCED_MESSAGE);
		assertThat(path(this.driver)).isEqualTo("/");
		this.driver.findElement(LOGOUT).click();
		await(Duration.ofSeconds(5), (d) -> d.getCurrentUrl().endsWith("/login?autologout=forced"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(FORCED_MESSAGE);
	}

	@Test
	void pageThatIsShownAsksAtEachIntervalWithoutCountingAsActivity() {
		signIn();
		long idleBefore = ((Number) body(status()).get("secondsUntilIdleEnd")).longValue();
		// counts the page's own status requests from here on
		this.driver.executeScript("""
				const serverFetch = window.fetch;
				window.asked = 0;
				window.fetch = (url, options) => {
					if (String(url).includes('/autologout/status')) {
						asked++;
					}
					return serverFetch(url, options);
				};
				""");

		await(Duration.ofSeconds(14), (d) -> ((Number) this.driver.executeScript("return asked")).intValue() >= 2);

		assertThat(((Number) body(status()).get("secondsUntilIdleEnd")).longValue()).isLessThan(idleBefore);
	}

	@Test
	void pageJustRenderedDoesNotAskBeforeItsInterval() throws InterruptedException {
		onEveryPage(COUNTED, () -> {
			signIn();
			this.driver.get(url("/password"));
		});
		Thread.sleep(2500);
		assertThat(asked()).as("the page's settings are the server's word, just said").isZero();
	}

	@Test
	void pageHiddenWhileAnAnswerArrivesAndShownAgainSoonAfterGoesOnAsking() {
		onEveryPage(COUNTED, () -> {
			signIn();
			this.driver.get(url("/password"));
			this.driver.executeScript("hideWhenNextAsked()");
			await(Duration.ofSeconds(10), (d) -> Boolean.TRUE.equals(this.driver.executeScript("return answeredHidden")));
			this.driver.executeScript("show(); asked = 0;");
			await(Duration.ofSeconds(16), (d) -> asked() >= 2);
		});
	}

	@Test
	void pageWhoseWallClockIsSetBackAfterAnotherTabSharedAnAnswerGoesOnAsking() {
		onEveryPage(SETTABLE_WALL_CLOCK + COUNTED, () -> {
			signIn();
			this.driver.get(url("/password"));
			// what another tab shares after an answer, heard on the old clock: the page's own channel,
			// created first, gets it before the one that tells the test
			this.driver.executeScript("""
					const name = 'autologout:/autologout/status';
					window.delivered = false;
					new BroadcastChannel(name).onmessage = () => { delivered = true; };
					new BroadcastChannel(name).postMessage({ t: 'd', i: 0, s: 0 });
					""");
			await(Duration.ofSeconds(2), (d) -> Boolean.TRUE.equals(this.driver.executeScript("return delivered")));
			this.driver.executeScript("setClockBack(600000); asked = 0;");
			// asked once for the jump, then at each interval
			await(Duration.ofSeconds(20), (d) -> asked() >= 3);
		});
	}

	private int asked() {
		return ((Number) this.driver.executeScript("return asked")).intValue();
	}

}

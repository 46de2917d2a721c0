package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.github.autologout.session.ForceLogoutService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * An open page that asks the server every 5 seconds ({@code autologout.client-check-interval}),
 * with the sample's idle timeout of 15 minutes: a force logout shows on it without a click, long
 * before any warning.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "autologout.client-check-interval=5s")
@Import(BrowserTestConfiguration.class)
class ClientCheckBrowserTests extends BrowserTestSupport {

	private static final String FORCED_MESSAGE = "Your session was ended by an administrator.";

	@Autowired
	private ForceLogoutService forceLogout;

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

}

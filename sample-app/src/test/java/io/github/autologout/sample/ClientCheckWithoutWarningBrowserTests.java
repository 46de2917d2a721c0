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
 * An open page that asks the server every 5 seconds, with neither a warning dialog nor the
 * immediate redirect: what it learns of a force logout shows in its countdown, and its next click
 * goes to the login page, which says why.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "autologout.client-check-interval=5s", "autologout.warn-before=0" })
@Import(BrowserTestConfiguration.class)
class ClientCheckWithoutWarningBrowserTests extends BrowserTestSupport {

	@Autowired
	private ForceLogoutService forceLogout;

	@AfterEach
	void endTheUsersSessions() {
		this.forceLogout.logout("user");
	}

	@Test
	void forceLogoutShowsInTheCountdownAtTheNextCheckAndTheNextClickGoesToTheLoginPageWithTheReason() {
		signIn();
		assertThat(this.driver.findElement(By.id("countdown")).getText()).matches("1[45]:\\d\\d");

		this.forceLogout.logout("user");

		await(Duration.ofSeconds(10), (d) -> d.findElement(By.id("countdown")).getText().equals("0:00"));
		assertThat(this.driver.findElements(DIALOG)).isEmpty();
		// the check was told why, with a new anonymous session, and a cookie that carries the reason
		this.driver.get(url("/"));
		assertThat(path(this.driver)).isEqualTo("/login");
		assertThat(this.driver.findElement(By.id("autologout-message")).getText())
			.isEqualTo("Your session was ended by an administrator.");
	}

}

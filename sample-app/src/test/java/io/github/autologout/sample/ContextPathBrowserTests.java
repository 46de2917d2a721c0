package io.github.autologout.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The sample deployed under a context path, as many applications are: every URL autologout
 * writes or redirects to, and the reason cookie, carry it. Idle timeout 6 s, warning 3 s before
 * it, the page sent to the login page at once; the expiry pass held off, as in
 * {@link CountdownBrowserTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.context-path=/app", "autologout.idle-timeout=6s", "autologout.warn-before=3s",
				"autologout.redirect-to-login-immediately=true", "autologout.expiry-check-interval=1h" })
@Import(BrowserTestConfiguration.class)
class ContextPathBrowserTests extends BrowserTestSupport {

	@Override
	String contextPath() {
		return "/app";
	}

	@Test
	void underAContextPathThePageWarnsThenGoesToTheLoginPageOfThatPathWithTheReason() {
		signIn();
		WebElement script = this.driver.findElement(By.cssSelector("script[data-status-url]"));
		assertThat(script.getDomAttribute("src")).isEqualTo("/app/autologout/autologout.js");
		assertThat(script.getDomAttribute("data-status-url")).isEqualTo("/app/autologout/status");
		assertThat(this.driver.findElement(By.id("countdown")).getText()).matches("0:0[2-6]");

		awaitDialog(Duration.ofSeconds(6));
		await(Duration.ofSeconds(8), (d) -> d.getCurrentUrl().equals(url("/login?autologout=idle")));

		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).isEqualTo(IDLE_MESSAGE);
		assertThat(body(fetch("GET", "/app/autologout/status", null, null))).containsEntry("authenticated", false);
	}

	@Test
	void underAContextPathAnEndedSessionsApiRequestIsToldTheLoginPageOfThatPath() {
		signIn();
		this.clock.advance(Duration.ofSeconds(7));

		Map<String, Object> me = fetch("GET", "/app/api/me", null, null);

		assertThat(me).containsEntry("status", 401L);
		assertThat(body(me)).containsEntry("reason", "idle").containsEntry("loginUrl", "/app/login");
		assertThat(this.driver.manage().getCookieNamed("AUTOLOGOUT_REASON").getPath()).isEqualTo("/app");
		this.driver.get(url("/login"));
		assertThat(this.driver.findElement(By.id("autologout-message")).getText()).as("told by the reason cookie")
			.isEqualTo(IDLE_MESSAGE);
	}

}

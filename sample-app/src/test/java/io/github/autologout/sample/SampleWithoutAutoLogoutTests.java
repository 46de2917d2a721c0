package io.github.autologout.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with {@code autologout.enabled=false}, the baseline of the end-to-end benchmark: it
 * starts, signs in and serves its pages, without autologout's pages and script.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "autologout.enabled=false")
class SampleWithoutAutoLogoutTests {

	@LocalServerPort
	private int port;

	@Test
	void signedInUserGetsThePagesAndTheApiWithoutAutoLogout() {
		Browser browser = new Browser(this.port).login("user", "password");
		assertThat(browser.get("/api/me").body()).isEqualTo("{\"username\":\"user\"}");
		String home = browser.get("/").body();
		assertThat(home).contains("<span id=\"username\">user</span>")
			.doesNotContain("autologout.js")
			.doesNotContain("id=\"countdown-line\"");
		assertThat(browser.get("/autologout/status")).satisfies((status) -> {
			assertThat(status.statusCode()).isBetween(400, 499);
			assertThat(status.body()).doesNotContain("secondsUntilIdleEnd");
		});
		assertThat(browser.get("/admin").statusCode()).isBetween(400, 499);
	}

}

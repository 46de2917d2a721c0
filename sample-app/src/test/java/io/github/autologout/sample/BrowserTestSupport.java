package io.github.autologout.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Runs the sample in a real headless Chromium: one browser per test class, signed out and back
 * to one window after each test. Where no Chromium is installed, every test is skipped.
 */
abstract class BrowserTestSupport {

	static final By DIALOG = By.id("autologout-dialog");

	static final By STAY = By.id("autologout-stay");

	static final By LOGOUT = By.id("autologout-logout");

	static final String IDLE_MESSAGE = "You were signed out because you were inactive for too long.";

	/** Date.now() as a wall clock that a test sets back, where the monotonic clock goes on. */
	static final String SETTABLE_WALL_CLOCK = "{ const wallClock = Date.now; let back = 0;"
			+ " Date.now = () => wallClock() - back; window.setClockBack = (ms) => { back += ms; }; }";

	private static Chromium chromium;

	@LocalServerPort
	int port;

	@Autowired
	OffsetClock clock;

	ChromeDriver driver;

	@BeforeAll
	static void startBrowser() throws Exception {
		chromium = Chromium.startIfInstalled();
		if (chromium != null) {
			chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		}
	}

	@AfterAll
	static void stopBrowser() throws Exception {
		if (chromium != null) {
			chromium.close();
			chromium = null;
		}
	}

	@BeforeEach
	void useBrowser() {
		// CI installs Chromium (.ci/run), so there a missing browser fails rather than skips
		Assertions.assertThat(chromium != null || System.getenv("CI") == null)
			.as("CI is set but " + Chromium.MISSING)
			.isTrue();
		Assumptions.assumeTrue(chromium != null, Chromium.MISSING);
		this.driver = chromium.driver();
	}

	@AfterEach
	void signOutAndCloseOtherWindows() {
		this.clock.reset();
		if (this.driver == null) {
			return;
		}
		Set<String> windows = this.driver.getWindowHandles();
		String kept = windows.iterator().next();
		for (String window : windows) {
			if (!window.equals(kept)) {
				this.driver.switchTo().window(window).close();
			}
		}
		this.driver.switchTo().window(kept);
		this.driver.get(url("/login"));
		this.driver.manage().deleteAllCookies();
	}

	/** Saves a PNG of the window to the folder named by {@code -Dbrowser.screenshots}, if set. */
	void screenshot(String name) {
		String folder = System.getProperty("browser.screenshots");
		if (folder != null) {
			try {
				Files.createDirectories(Path.of(folder));
				Files.write(Path.of(folder, name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	String url(String path) {
		return "http://localhost:" + this.port + contextPath() + path;
	}

	/** The sample's {@code server.servlet.context-path}, empty by default. */
	String contextPath() {
		return "";
	}

	void signIn() {
		this.driver.get(url("/login"));
		submitLogin("user", "password");
		await(Duration.ofSeconds(5), ExpectedConditions.urlToBe(url("/")));
	}

	/** Fills in and sends the login form of the current page. */
	void submitLogin(String username, String password) {
		this.driver.findElement(By.name("username")).sendKeys(username);
		this.driver.findElement(By.name("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("form button[type=submit]")).click();
	}

	/** Runs the test with the script run in each new page of the window before the page's own. */
	void onEveryPage(String source, Runnable test) {
		Map<String, Object> script = this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", source));
		try {
			test.run();
		}
		finally {
			this.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", script.get("identifier")));
		}
	}

	<T> T await(Duration timeout, ExpectedCondition<T> condition) {
		return new WebDriverWait(this.driver, timeout, Duration.ofMillis(100)).until(condition);
	}

	WebElement awaitDialog(Duration timeout) {
		return await(timeout, (d) -> {
			WebElement dialog = d.findElements(DIALOG).stream().findFirst().orElse(null);
			return (dialog != null && dialog.isDisplayed()) ? dialog : null;
		});
	}

	void awaitNoDialog(Duration timeout) {
		await(timeout, (d) -> d.findElements(DIALOG).stream().noneMatch(WebElement::isDisplayed));
	}

	/** Asks the status endpoint from the current page, as the page's own script would. */
	Map<String, Object> status() {
		return fetch("GET", "/autologout/status", null, null);
	}

	/** Sends a request with the fetch API of the current page and answers its status and JSON body. */
	@SuppressWarnings("unchecked")
	Map<String, Object> fetch(String method, String path, String headerName, String headerValue) {
		Object result = this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const headers = { Accept: 'application/json' };
				if (arguments[2]) headers[arguments[2]] = arguments[3];
				fetch(arguments[1], { method: arguments[0], headers, credentials: 'same-origin' })
					.then((r) => r.text().then((t) => done({ status: r.status, body: t ? JSON.parse(t) : {} })))
					.catch((e) => done({ status: -1, body: { error: String(e) } }));
				""", method, path, headerName, headerValue);
		return (Map<String, Object>) result;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> body(Map<String, Object> response) {
		return (Map<String, Object>) response.get("body");
	}

	static String path(WebDriver driver) {
		return URI.create(driver.getCurrentUrl()).getPath();
	}

}

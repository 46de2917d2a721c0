package io.github.autologout.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium with a fresh profile, driven by the installed chromedriver. Selenium
 * Manager never runs, so nothing is downloaded. Set {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER} to use other installations.
 */
final class Chromium implements AutoCloseable {

	/** Selenium warns that it has no DevTools bindings for this version; these tests use none. */
	private static final List<Logger> QUIET_LOGGERS = Stream
		.of("org.openqa.selenium.devtools.CdpVersionFinder", "org.openqa.selenium.chromium.ChromiumDriver")
		.map(Logger::getLogger)
		.peek((logger) -> logger.setLevel(Level.SEVERE))
		.toList();

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Why browser tests are skipped where no browser is found. */
	static final String MISSING = "No Chromium with chromedriver found (install them, or set CHROMIUM_BINARY and"
			+ " CHROMEDRIVER): browser tests skipped";

	/**
	 * Starts a browser if one is installed.
	 * @return the running browser, or {@code null} if there is none
	 */
	static @Nullable Chromium startIfInstalled() throws IOException {
		Path binary = executable("CHROMIUM_BINARY", "/usr/bin/chromium", "/usr/bin/chromium-browser",
				"/usr/bin/google-chrome");
		Path driver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
		if (binary == null || driver == null) {
			return null;
		}
		Path profile = Files.createTempDirectory("autologout-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(binary.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--window-size=1024,768", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
			.usingAnyFreePort()
			.build();
		return new Chromium(new ChromeDriver(service, options), profile);
	}

	private static @Nullable Path executable(String variable, String... candidates) {
		String configured = System.getenv(variable);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? path : null;
		}
		return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}

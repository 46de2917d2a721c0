package io.github.autologout.session;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser over a real server: its own cookies, no redirects followed.
 */
final class HttpBrowser {

	private static final Pattern CSRF = Pattern.compile("csrf=([A-Za-z0-9_\\-]+)");

	private final URI base;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient client;

	private String loginLocation = "";

	HttpBrowser(int port) {
		this.base = URI.create("http://localhost:" + port);
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	HttpBrowser login(String username, String password) {
		String csrf = csrf(get("/login").body());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf);
		HttpResponse<String> response = post("/login", form);
		assertThat(response.statusCode()).as("login of %s", username).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.doesNotContain("error"));
		this.loginLocation = response.headers().firstValue("Location").orElseThrow();
		return this;
	}

	/** Where the last {@link #login} led. */
	String lastLoginLocation() {
		return this.loginLocation;
	}

	static String csrf(String body) {
		Matcher matcher = CSRF.matcher(body);
		assertThat(matcher.find()).as("CSRF token in %s", body).isTrue();
		return matcher.group(1);
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path).headers(headers).GET());
	}

	/** Goes to a page as a browser does, with the headers of a navigation of the same site. */
	HttpResponse<String> navigate(String path) {
		return get(path, "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
				"Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "same-origin");
	}

	HttpResponse<String> getJson(String path) {
		return send(request(path).header("Accept", "application/json").GET());
	}

	HttpResponse<String> post(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> basic(String method, String path, String username, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return send(request(path).header("Authorization", "Basic " + credentials)
			.method(method, HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> anonymous(String method, String path) {
		return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
	}

	String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * A browser of its own that sends the given session id in its cookie, as a copy of an old
	 * cookie does.
	 */
	HttpBrowser replaying(String sessionId) {
		HttpBrowser replay = new HttpBrowser(this.base.getPort());
		HttpCookie cookie = new HttpCookie("JSESSIONID", sessionId);
		cookie.setPath("/");
		cookie.setVersion(0);
		replay.cookies.getCookieStore().add(this.base, cookie);
		return replay;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

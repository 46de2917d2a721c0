package io.github.autologout.cluster;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client with its own cookies, like one browser; it follows no redirects. Cookies are kept per
 * host, so one browser reaches every node on 127.0.0.1 with the same session.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	HttpResponse<String> get(String url, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/**
	 * The value of one of this browser's cookies.
	 * @param name the cookie's name
	 * @return the value, or {@code null} if the browser holds no such cookie
	 */
	String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	HttpResponse<String> login(String baseUrl, String username, String password) {
		return submit(baseUrl + "/login", "username=" + encode(username) + "&password=" + encode(password) + "&");
	}

	/**
	 * Logs out as a user who confirms it on Spring Security's logout page.
	 * @param baseUrl the node's address
	 * @return the response to the logout
	 */
	HttpResponse<String> logout(String baseUrl) {
		return submit(baseUrl + "/logout", "");
	}

	/**
	 * Posts the form of the page at the URL with the given fields, each followed by an ampersand,
	 * and the page's CSRF token.
	 */
	private HttpResponse<String> submit(String url, String fields) {
		HttpResponse<String> page = get(url);
		Matcher csrf = CSRF.matcher(page.body());
		if (!csrf.find()) {
			throw new IllegalStateException("No CSRF token on " + url + ": " + page.body());
		}
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(fields + "_csrf=" + encode(csrf.group(1))))
			.build());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

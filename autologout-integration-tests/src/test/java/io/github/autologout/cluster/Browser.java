package io.github.autologout.cluster;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client with its own cookies, like one browser; it follows no redirects. Cookies are kept per
 * host, so one browser reaches every node on 127.0.0.1 with the same session.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final CookieManager cookies;

	private final HttpClient client;

	Browser() {
		this(new CookieManager());
	}

	private Browser(CookieManager cookies) {
		this.cookies = cookies;
		this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/**
	 * A browser that sends a copy of a session cookie with every request and keeps no cookie it
	 * is given, as a stale or stolen copy of the cookie does.
	 * @param url an address of the host the cookie is for
	 * @param sessionCookie the value of the {@code SESSION} cookie
	 * @return the browser
	 */
	static Browser replaying(String url, String sessionCookie) {
		CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_NONE);
		HttpCookie cookie = new HttpCookie("SESSION", sessionCookie);
		cookie.setPath("/");
		cookie.setVersion(0);
		cookies.getCookieStore().add(URI.create(url), cookie);
		return new Browser(cookies);
	}

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

	/**
	 * The id of this browser's session, which Spring Session's cookie holds in Base64.
	 * @return the id
	 */
	String sessionId() {
		return new String(Base64.getDecoder().decode(cookie("SESSION")), StandardCharsets.UTF_8);
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

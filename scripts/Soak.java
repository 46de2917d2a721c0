import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded, loopback-only soak of the sample app: many sessions with mixed traffic for a fixed
 * time, then a report. Not part of the build; run by scripts/soak.sh against a started sample jar.
 * <p>
 * Groups: "active" sessions of {@code user} make a real request every few seconds and poll the
 * status; "idle" sessions of {@code user} only poll the status after their login and must be
 * logged out by the idle timeout; "revoked" sessions of {@code admin} behave like active ones
 * until the admin is force-logged-out through the Actuator half way, and must be refused after.
 * <p>
 * With several nodes sharing a session store (comma-separated base URLs), every request of a
 * session goes to a node picked at random, login page and login form included; the force logout
 * is sent to the first node, and from then on the revoked sessions' requests go to the last one.
 * <p>
 * Usage: {@code java scripts/Soak.java <baseUrl>[,<baseUrl>...] <sessions> <minutes> <idleTimeoutSeconds>}
 */
public class Soak {

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	/** The servlet container's or Spring Session's session cookie. */
	static final Pattern SESSION = Pattern.compile("^(JSESSIONID|SESSION)=([^;]*)");

	static final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	static final AtomicLong requests = new AtomicLong();

	static final AtomicLong errors = new AtomicLong();

	static final AtomicLong activeWronglyLoggedOut = new AtomicLong();

	static final AtomicLong revokedLetInAfterLogout = new AtomicLong();

	static final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();

	static final List<Long> latenciesMicros = java.util.Collections.synchronizedList(new ArrayList<>());

	static List<String> nodes;

	static volatile Instant revokedAt;

	/** Set when the force logout is sent: the revoked sessions then use the other node. */
	static volatile boolean revoking;

	public static void main(String[] args) throws Exception {
		nodes = List.of(args[0].split(","));
		int total = Integer.parseInt(args[1]);
		Duration length = Duration.ofMinutes(Long.parseLong(args[2]));
		Duration idleTimeout = Duration.ofSeconds(Long.parseLong(args[3]));
		for (String node : nodes) {
			String host = URI.create(node).getHost();
			if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
				throw new IllegalArgumentException("loopback only");
			}
		}
		int revokedCount = total / 10;
		int idleCount = total * 3 / 10;
		int activeCount = total - revokedCount - idleCount;
		List<Session> sessions = new ArrayList<>();
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(16);
		Random random = new Random(42);
		Instant start = Instant.now();
		for (int i = 0; i < total; i++) {
			String group = (i < activeCount) ? "active" : (i < activeCount + idleCount) ? "idle" : "revoked";
			Session session = new Session(group, group.equals("revoked") ? "admin" : "user",
					group.equals("revoked") ? "admin" : "password");
			session.login();
			sessions.add(session);
			// each session starts its traffic as soon as it has signed in, so that no active session
			// idles through the login of the others (they take minutes on a shared store)
			long activityEvery = 5_000 + random.nextInt(15_000);
			long pollEvery = 15_000 + random.nextInt(15_000);
			if (!session.group.equals("idle")) {
				scheduler.scheduleWithFixedDelay(session::activity, random.nextInt(10_000), activityEvery,
						TimeUnit.MILLISECONDS);
			}
			scheduler.scheduleWithFixedDelay(session::poll, random.nextInt(15_000), pollEvery, TimeUnit.MILLISECONDS);
		}
		System.out.printf("logged in %d sessions (%d active, %d idle, %d revoked) in %s%n", total, activeCount,
				idleCount, revokedCount, Duration.between(start, Instant.now()));
		Instant runStart = Instant.now();
		scheduler.schedule(() -> {
			revoking = true;
			Instant sent = Instant.now();
			HttpResponse<String> logout = send(HttpRequest.newBuilder(URI.create(nodes.get(0) + "/actuator/autologout/admin"))
				.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
				.DELETE());
			// requests that start before the answer may legitimately be admitted while the logout runs
			revokedAt = Instant.now();
			System.out.printf("force logout of admin: %d %s in %d ms%n", logout.statusCode(), logout.body(),
					Duration.between(sent, revokedAt).toMillis());
		}, length.toMillis() / 2, TimeUnit.MILLISECONDS);
		scheduler.awaitTermination(length.toMillis(), TimeUnit.MILLISECONDS);
		// cancels the periodic tasks and lets the requests in flight finish (interrupting them would
		// count as transport errors)
		scheduler.shutdown();
		scheduler.awaitTermination(60, TimeUnit.SECONDS);

		long idleStillIn = 0;
		long idleEndedByPoll = 0;
		long revokedStillIn = 0;
		long activeStillIn = 0;
		for (Session session : sessions) {
			HttpResponse<String> me = session.get("/api/me", true);
			boolean in = me != null && me.statusCode() == 200;
			switch (session.group) {
				case "idle" -> {
					idleStillIn += in ? 1 : 0;
					idleEndedByPoll += (session.endedReason != null) ? 1 : 0;
				}
				case "revoked" -> revokedStillIn += in ? 1 : 0;
				default -> activeStillIn += in ? 1 : 0;
			}
		}
		List<Long> sorted = new ArrayList<>(latenciesMicros);
		sorted.sort(null);
		System.out.printf("ran %s with idle timeout %s on %d node(s)%n", Duration.between(runStart, Instant.now()),
				idleTimeout, nodes.size());
		System.out.printf("requests: %d, errors (5xx or I/O): %d %s%n", requests.get(), errors.get(), errorKinds);
		System.out.printf("latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", percentile(sorted, 0.50),
				percentile(sorted, 0.99), percentile(sorted, 1.0));
		System.out.printf("active: %d of %d still signed in at the end, wrongly logged out during the run: %d%n",
				activeStillIn, activeCount, activeWronglyLoggedOut.get());
		System.out.printf("idle: %d of %d still signed in at the end (must be 0); told 'idle' by a status poll: %d%n",
				idleStillIn, idleCount, idleEndedByPoll);
		System.out.printf("revoked: %d of %d still signed in at the end (must be 0); let in after the logout: %d%n",
				revokedStillIn, revokedCount, revokedLetInAfterLogout.get());
		boolean pass = errors.get() == 0 && activeWronglyLoggedOut.get() == 0 && activeStillIn == activeCount
				&& idleStillIn == 0 && revokedStillIn == 0 && revokedLetInAfterLogout.get() == 0;
		System.out.println(pass ? "RESULT: PASS" : "RESULT: FAIL");
		System.exit(pass ? 0 : 1);
	}

	static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1000.0;
	}

	static HttpResponse<String> send(HttpRequest.Builder request) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			requests.incrementAndGet();
			latenciesMicros.add((System.nanoTime() - started) / 1000);
			if (response.statusCode() >= 500) {
				errors.incrementAndGet();
				errorKinds.computeIfAbsent("HTTP " + response.statusCode(), (key) -> new AtomicLong()).incrementAndGet();
			}
			return response;
		}
		catch (Exception ex) {
			requests.incrementAndGet();
			errors.incrementAndGet();
			errorKinds.computeIfAbsent(ex.getClass().getSimpleName(), (key) -> new AtomicLong()).incrementAndGet();
			return null;
		}
	}

	static final class Session {

		final String group;

		final String username;

		final String password;

		volatile String id;

		volatile String endedReason;

		Session(String group, String username, String password) {
			this.group = group;
			this.username = username;
			this.password = password;
		}

		void login() {
			HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(node() + "/login")).GET());
			Matcher csrf = CSRF.matcher(page.body());
			if (!csrf.find()) {
				throw new IllegalStateException("no CSRF token on the login page");
			}
			String anonymous = cookie(page);
			String form = "username=" + this.username + "&password=" + this.password + "&_csrf=" + csrf.group(1);
			HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(node() + "/login"))
				.header("Cookie", anonymous)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
			if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
				throw new IllegalStateException("login failed: " + login.statusCode());
			}
			this.id = cookie(login);
		}

		static String cookie(HttpResponse<String> response) {
			for (String header : response.headers().allValues("Set-Cookie")) {
				Matcher matcher = SESSION.matcher(header);
				if (matcher.find() && !matcher.group(2).isEmpty()) {
					return matcher.group(1) + "=" + matcher.group(2);
				}
			}
			throw new IllegalStateException("no session cookie");
		}

		HttpResponse<String> get(String path, boolean json) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node() + path))
				.header("Cookie", this.id)
				.GET();
			if (json) {
				request.header("Accept", "application/json");
			}
			return send(request);
		}

		/** A node picked at random, or the last one for a revoked session once the force logout is sent. */
		String node() {
			if (this.group.equals("revoked") && revoking) {
				return nodes.get(nodes.size() - 1);
			}
			return nodes.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(nodes.size()));
		}

		void activity() {
			boolean afterRevocation = revokedAt != null;
			String path = ThreadLocalRandomPath.next();
			HttpResponse<String> response = get(path, path.startsWith("/api/"));
			if (response == null) {
				return;
			}
			boolean in = response.statusCode() == 200;
			// a revoked session is an active one until the force logout is sent
			if ((this.group.equals("active") || (this.group.equals("revoked") && !revoking)) && !in) {
				activeWronglyLoggedOut.incrementAndGet();
				System.out.printf("%s session refused: %d %s %s%n", this.group, response.statusCode(),
						response.uri(), response.body());
			}
			if (this.group.equals("revoked") && afterRevocation && in) {
				revokedLetInAfterLogout.incrementAndGet();
				System.out.printf("revoked session let in %d ms after the force logout returned: %s, session #%08x%n",
						Duration.between(revokedAt, Instant.now()).toMillis(), response.uri(), this.id.hashCode());
				describeLetIn(response);
			}
		}

		/**
		 * Prints what the node answers right after letting a revoked session in: the same request
		 * again, and the session as the node's Actuator lists it, to tell a revocation the node had
		 * not learned yet from a session the force logout did not find.
		 */
		void describeLetIn(HttpResponse<String> response) {
			String node = response.uri().getScheme() + "://" + response.uri().getAuthority();
			HttpResponse<String> again = get("/api/me", true);
			System.out.printf("  again on %s: %s %s%n", node, (again != null) ? again.statusCode() : "-",
					(again != null) ? again.body() : "");
			String cookie = this.id.substring(this.id.indexOf('=') + 1);
			String sessionId;
			try {
				sessionId = new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				sessionId = cookie;
			}
			HttpResponse<String> listing = send(HttpRequest.newBuilder(URI.create(node + "/actuator/autologout/admin"))
				.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
				.GET());
			String body = (listing != null) ? listing.body() : "";
			int at = body.indexOf(sessionId);
			System.out.printf("  session %s listed by %s: %s%n", sessionId, node,
					(at < 0) ? "no (" + body.length() + " B listing)"
							: body.substring(Math.max(0, at - 10), Math.min(body.length(), at + 400)));
		}

		void poll() {
			HttpResponse<String> response = get("/autologout/status", true);
			if (response == null) {
				return;
			}
			if (response.statusCode() == 401 && response.body().contains("\"reason\"")) {
				this.endedReason = response.body().contains("\"idle\"") ? "idle" : "other";
				if (this.group.equals("active") || (this.group.equals("revoked") && !revoking)) {
					activeWronglyLoggedOut.incrementAndGet();
					System.out.printf("%s session told it ended: %s %s%n", this.group, response.uri(), response.body());
				}
			}
		}

	}

	static final class ThreadLocalRandomPath {

		static String next() {
			return java.util.concurrent.ThreadLocalRandom.current().nextBoolean() ? "/api/me" : "/";
		}

	}

}

package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.expiry.UserPresence;
import io.github.autologout.security.LogoutResponder;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.session.SessionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one session store: a session started on one node is served by the other, and the
 * idle and absolute deadlines hold whichever node serves the request. Subclasses choose the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTests {

	static final Duration IDLE = Duration.ofMinutes(10);

	static final Duration ABSOLUTE = Duration.ofHours(1);

	static final Duration STORE_TIMEOUT = Duration.ofMinutes(5);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	String nodeA;

	String nodeB;

	/**
	 * The properties that put the sessions in this test's store.
	 * @return properties as {@code name=value}
	 */
	abstract List<String> storeProperties();

	/**
	 * The registry that shares revocations through this test's store.
	 * @return the registry's type
	 */
	abstract Class<? extends RevocationRegistry> sharedRegistryType();

	/**
	 * The Spring Session repository this test's store uses.
	 * @return the repository's type
	 */
	abstract Class<?> sessionRepositoryType();

	/**
	 * Whether anything of the session with the given id is left in this test's store.
	 * @param sessionId the session's id
	 * @return whether a key or row of it exists
	 */
	abstract boolean isStored(String sessionId);

	/**
	 * Overwrites an attribute of a stored session with bytes that deserialize to nothing, as an
	 * attribute of a class that the application no longer has would.
	 * @param sessionId the session's id
	 * @param attribute the attribute's name
	 */
	abstract void corruptAttribute(String sessionId, String attribute);

	/**
	 * Whether this test's store lists, under its user, a session whose security context the
	 * application cannot read: one that reads a user's sessions by the user's name, as Spring
	 * Session JDBC does, and not each attribute at once, as Redis does.
	 * @return whether such a session is listed, and so ended by a force logout of its user
	 */
	boolean listsSessionsItCannotRead() {
		return false;
	}

	/**
	 * Whether this test's store keeps a session that the application cannot read in the principal
	 * index that tells whether its user is present, as the indexed Redis repository does.
	 * @return whether its user counts as present for as long as that index lists it
	 */
	boolean keepsUnreadableSessionsInThePrincipalIndex() {
		return false;
	}

	boolean indexesSessionsByUser() {
		return FindByIndexNameSessionRepository.class.isAssignableFrom(sessionRepositoryType());
	}

	@BeforeAll
	void startNodes() {
		this.nodeA = start();
		this.nodeB = start();
	}

	private String start() {
		List<String> properties = new ArrayList<>(storeProperties());
		properties.add("server.port=0");
		properties.add("autologout.idle-timeout=" + IDLE.toSeconds() + "s");
		properties.add("autologout.absolute-timeout=" + ABSOLUTE.toSeconds() + "s");
		properties.add("autologout.record-client-details=true");
		// shorter than the idle timeout, as an application's can be
		properties.add("server.servlet.session.timeout=" + STORE_TIMEOUT.toSeconds() + "s");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		this.nodes.add(context);
		return ClusterTestApplication.url(context);
	}

	@AfterAll
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@BeforeEach
	void resetClock() {
		ClusterTestApplication.CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		ClusterTestApplication.EVENTS.clear();
	}

	ConfigurableApplicationContext contextOfNodeA() {
		return this.nodes.get(0);
	}

	ConfigurableApplicationContext contextOfNodeB() {
		return this.nodes.get(1);
	}

	@Test
	void revocationsAreSharedThroughTheSessionStore() {
		assertThat(contextOfNodeA().getBean(RevocationRegistry.class)).isInstanceOf(sharedRegistryType());
		assertThat(AopUtils.getTargetClass(contextOfNodeA().getBean(SessionRepository.class)))
			.isEqualTo(sessionRepositoryType());
	}

	@Test
	void sessionStartedOnOneNodeIsServedByTheOther() {
		Browser browser = new Browser();
		assertThat(browser.login(this.nodeA, "alice", "secret").statusCode()).isEqualTo(302);
		HttpResponse<String> me = browser.get(this.nodeB + "/api/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"alice\"");
	}

	@Test
	void idleDeadlineHoldsOnTheOtherNode() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "alice", "secret");
		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));
		HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
		assertRefusedWith(me, "idle");
		assertThat(browser.get(this.nodeA + "/api/me").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void activityOnOneNodeMovesTheIdleDeadlineOnTheOther() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "alice", "secret");
		ClusterTestApplication.CLOCK.advance(IDLE.minusMinutes(1));
		assertThat(browser.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		ClusterTestApplication.CLOCK.advance(Duration.ofMinutes(2));
		assertThat(browser.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
	}

	@Test
	void statusPollsOnOneNodeNeverMoveTheIdleDeadline() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "alice", "secret");
		ClusterTestApplication.CLOCK.advance(IDLE.minusMinutes(1));
		HttpResponse<String> status = browser.get(this.nodeB + "/autologout/status");
		assertThat(status.body()).contains("\"secondsUntilIdleEnd\":60");
		ClusterTestApplication.CLOCK.advance(Duration.ofMinutes(2));
		assertRefusedWith(browser.get(this.nodeA + "/api/me", "Accept", "application/json"), "idle");
	}

	@Test
	void abandonedSessionEndsWithoutARequestWithOneEventForTheWholeCluster() {
		Browser browser = new Browser();
		UserPresence presence = presenceOfBobSignedInOnNodeA(browser);
		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("bob") == 1);
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> eventsOf("bob") == 1);
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals("bob"))
			.singleElement()
			.satisfies((event) -> assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE));
		assertThat(presence.isActive("bob")).isFalse();
		assertThat(presence.online()).doesNotContain("bob");
		assertThat(presence.lastSeen("bob")).isPresent();
		assertRefusedWith(browser.get(this.nodeB + "/api/me", "Accept", "application/json"), "idle");
	}

	@Test
	void aSessionClaimedByANodeThatDiedBeforeCheckingItEndsWithoutARequestOnceTheClaimLapses() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "yvonne", "secret");
		UserPresence presence = contextOfNodeB().getBean(UserPresence.class);
		SessionTracker tracker = contextOfNodeB().getBean(SessionTracker.class);
		Instant pastDeadline = ClusterTestApplication.CLOCK.instant().plus(IDLE).plusSeconds(1);
		List<TrackedSession> claimed = tracker.claimDue(pastDeadline, 1000);
		assertThat(claimed).extracting(TrackedSession::username).contains("yvonne");
		// the node that claimed them dies here, after giving back what other tests left
		claimed.stream().filter((session) -> !session.username().equals("yvonne")).forEach(tracker::track);

		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> eventsOf("yvonne") == 0);
		assertThat(presence.isActive("yvonne")).isTrue();
		assertThat(presence.online()).contains("yvonne");

		ClusterTestApplication.CLOCK.advance(SessionTracker.CLAIM_LEASE);
		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("yvonne") == 1);
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals("yvonne"))
			.singleElement()
			.satisfies((event) -> assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE));
		assertThat(presence.isActive("yvonne")).isFalse();
		assertRefusedWith(browser.get(this.nodeB + "/api/me", "Accept", "application/json"), "idle");
	}

	@Test
	void aUserWhoLogsOutIsNoLongerActiveAtOnceAndNoLongerOnlineAtTheNextPass() {
		Browser browser = new Browser();
		UserPresence presence = presenceOfBobSignedInOnNodeA(browser);
		// past the grace in which a tracker that keeps one instant per user waits for a login's session
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(31));

		assertThat(browser.logout(this.nodeA).statusCode()).isEqualTo(302);

		assertThat(presence.isActive("bob")).isFalse();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(presence.online()).doesNotContain("bob"));
		assertThat(presence.lastSeen("bob")).isPresent();
		assertThat(eventsOf("bob")).as("a logout is no autologout").isZero();
	}

	@Test
	void aUserWhoseSessionTheApplicationInvalidatesIsNoLongerActiveAtOnceAndNoLongerOnlineAtTheNextPass() {
		Browser browser = new Browser();
		UserPresence presence = presenceOfBobSignedInOnNodeA(browser);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(31));

		HttpResponse<String> invalidated = browser.get(this.nodeA + "/api/invalidate", "Accept", "application/json");

		assertThat(invalidated.body()).contains("invalidated");
		// untracked as the request ends, which may be just after its response reached the browser
		ClusterTestApplication.REQUESTS.awaitNone();
		assertThat(presence.isActive("bob")).isFalse();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(presence.online()).doesNotContain("bob"));
		assertThat(eventsOf("bob")).as("no autologout").isZero();
	}

	@Test
	void aSessionWhoseIdTheApplicationChangesStillEndsWithoutARequestAtItsDeadline() {
		Browser browser = new Browser();
		UserPresence presence = presenceOfBobSignedInOnNodeA(browser);

		HttpResponse<String> changed = browser.get(this.nodeA + "/api/change-session-id", "Accept",
				"application/json");

		String newId = changed.body().replaceAll(".*\"session\":\"([^\"]+)\".*", "$1");
		assertThat(browser.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		// the requests' ends, which record activity, may come after their responses
		ClusterTestApplication.REQUESTS.awaitNone();
		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("bob") == 1);
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals("bob"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getSessionId()).isEqualTo(newId);
				assertThat(event.getReason()).isEqualTo(LogoutReason.IDLE);
			});
		assertThat(presence.isActive("bob")).isFalse();
		assertThat(isStored(newId)).isFalse();
	}

	/** Signs bob in on node A with the browser, and returns node A's presence, which has him online. */
	private UserPresence presenceOfBobSignedInOnNodeA(Browser browser) {
		browser.login(this.nodeA, "bob", "secret");
		UserPresence presence = contextOfNodeA().getBean(UserPresence.class);
		assertThat(presence.isActive("bob")).isTrue();
		assertThat(presence.online()).contains("bob");
		return presence;
	}

	@Test
	void sessionsOfOneUserOnBothNodesEndWithoutARequestEachAtItsOwnDeadline() {
		Browser laptop = new Browser();
		laptop.login(this.nodeA, "trent", "secret");
		Browser phone = new Browser();
		phone.login(this.nodeB, "trent", "secret");
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(30));
		assertThat(laptop.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		UserPresence presence = contextOfNodeA().getBean(UserPresence.class);
		Instant laptopActivity = ClusterTestApplication.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);

		ClusterTestApplication.CLOCK.advance(IDLE.minusSeconds(29));

		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("trent") == 1);
		assertThat(presence.isActive("trent")).isTrue();
		assertThat(presence.lastSeen("trent")).contains(laptopActivity);
		assertThat(laptop.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);

		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));

		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("trent") == 2);
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals("trent"))
			.extracting(AutoLogoutEvent::getReason)
			.containsOnly(LogoutReason.IDLE);
		assertThat(presence.isActive("trent")).isFalse();
		for (Browser browser : List.of(laptop, phone)) {
			assertThat(browser.get(this.nodeA + "/api/me", "Accept", "application/json").statusCode()).isEqualTo(401);
		}
	}

	/** Asserts that a script's request was refused for the reason, with the {@code 401} problem. */
	static void assertRefusedWith(HttpResponse<String> json, String reason) {
		assertThat(json.statusCode()).isEqualTo(401);
		assertThat(json.body()).contains("\"reason\":\"" + reason + "\"");
	}

	/** Asserts that a page's request was sent to the login page with the reason. */
	static void assertSentToLoginWith(HttpResponse<String> page, String reason) {
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?autologout=" + reason));
	}

	/** Asserts that the cluster published the given number of events for the user, all for the reason. */
	static void assertEventsOf(String username, int count, LogoutReason reason) {
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals(username))
			.hasSize(count)
			.allSatisfy((event) -> assertThat(event.getReason()).isEqualTo(reason));
	}

	static long eventsOf(String username) {
		return ClusterTestApplication.EVENTS.stream().filter((event) -> event.getUsername().equals(username)).count();
	}

	@Test
	void forceLogoutOnOneNodeRefusesTheNextRequestOnTheOtherInHtmlAndJson() {
		Browser laptop = new Browser();
		laptop.login(this.nodeA, "carol", "secret");
		Browser phone = new Browser();
		phone.login(this.nodeB, "carol", "secret");
		Browser bystander = new Browser();
		bystander.login(this.nodeB, "dave", "secret");
		assertThat(laptop.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).logout("carol")).isEqualTo(2);
		assertRefusedWith(laptop.get(this.nodeB + "/api/me", "Accept", "application/json"), "forced");
		assertSentToLoginWith(phone.get(this.nodeB + "/"), "forced");
		assertThat(bystander.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		assertEventsOf("carol", 2, LogoutReason.FORCED);
	}

	@Test
	void userWhoForceLogsOutTheirOwnNameGetsTheReasonForTheLoginPageThatTheirNextPageSendsThemTo() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "wendy", "secret");
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));

		HttpResponse<String> redirect = browser.get(this.nodeA + "/api/logout-own-name");

		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(browser.cookie("SESSION")).as("the ended session's cookie is cleared").isNull();
		assertThat(browser.cookie(LogoutResponder.REASON_COOKIE)).isEqualTo("forced");
		assertThat(browser.get(this.nodeB + "/api/me").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		assertEventsOf("wendy", 1, LogoutReason.FORCED);
	}

	@Test
	void sessionsThatTheirUserSignsOutFromASessionOnOneNodeAreToldSoOnBothNodes() {
		Browser laptop = new Browser();
		laptop.login(this.nodeA, "dora", "secret");
		Browser phone = new Browser();
		phone.login(this.nodeB, "dora", "secret");
		Browser tablet = new Browser();
		tablet.login(this.nodeB, "dora", "secret");

		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).logoutOtherSessions("dora", laptop.sessionId()))
			.isEqualTo(2);

		assertRefusedWith(phone.get(this.nodeA + "/api/me", "Accept", "application/json"), "ended_by_user");
		assertSentToLoginWith(tablet.get(this.nodeB + "/"), "ended_by_user");
		assertThat(laptop.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		assertEventsOf("dora", 2, LogoutReason.ENDED_BY_USER);
	}

	@Test
	void loginWhoseSuccessHandlerSignsOutTheUsersOtherSessionsKeepsItsOwnSession() {
		String username = ClusterTestApplication.ONE_SESSION_USER;
		Browser phone = new Browser();
		phone.login(this.nodeA, username, "secret");
		Browser laptop = new Browser();
		laptop.login(this.nodeB, username, "secret");

		assertThat(laptop.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		assertThat(laptop.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		assertRefusedWith(phone.get(this.nodeA + "/api/me", "Accept", "application/json"), "ended_by_user");
		assertEventsOf(username, 1, LogoutReason.ENDED_BY_USER);
	}

	@Test
	void loginAgainWhoseSuccessHandlerSignsOutTheUsersOtherSessionsKeepsTheSessionItSignedInAgain() {
		String username = ClusterTestApplication.ONE_SESSION_USER_AGAIN;
		Browser laptop = new Browser();
		laptop.login(this.nodeA, username, "secret");
		String first = laptop.sessionId();
		assertThat(laptop.login(this.nodeB, username, "secret").statusCode()).isEqualTo(302);

		assertThat(laptop.sessionId()).as("a new id at each login").isNotEqualTo(first);
		assertThat(laptop.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		assertThat(laptop.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
		assertThat(eventsOf(username)).isZero();
	}

	@Test
	void sessionTheIndexCannotFindIsRefusedByRevocationOnTheOtherNode() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "erin", "secret");
		SessionTracker tracker = contextOfNodeA().getBean(SessionTracker.class);
		tracker.untrack("erin", tracker.sessionIds("erin"));
		ClusterTestApplication.CLOCK.advance(Duration.ofMillis(1));
		int ended = contextOfNodeA().getBean(ForceLogoutService.class).logout("erin");
		assertThat(ended).isEqualTo(indexesSessionsByUser() ? 1 : 0);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
			assertRefusedWith(me, "forced");
		});
		assertThat(browser.login(this.nodeB, "erin", "secret").statusCode()).isEqualTo(302);
		assertThat(browser.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
	}

	@Test
	void sessionTheIndexCannotFindIsToldThatItsUserEndedItWhenTheUserSignsOutTheirOtherSessions() {
		Browser phone = new Browser();
		phone.login(this.nodeA, "ezra", "secret");
		SessionTracker tracker = contextOfNodeA().getBean(SessionTracker.class);
		tracker.untrack("ezra", tracker.sessionIds("ezra"));
		ClusterTestApplication.CLOCK.advance(Duration.ofMillis(1));
		Browser laptop = new Browser();
		laptop.login(this.nodeB, "ezra", "secret");

		int ended = contextOfNodeA().getBean(ForceLogoutService.class).logoutOtherSessions("ezra", laptop.sessionId());

		assertThat(ended).isEqualTo(indexesSessionsByUser() ? 1 : 0);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertRefusedWith(phone.get(this.nodeB + "/api/me", "Accept", "application/json"),
					"ended_by_user"));
		assertThat(laptop.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		assertEventsOf("ezra", 1, LogoutReason.ENDED_BY_USER);
	}

	@Test
	void concurrentRequestsOfOneSessionOnBothNodesWhenTheAccountCheckIsDueAreBothAnswered() throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, "frank", "secret");
		// the first requests after the login, when the account check is due: both record the
		// check and the client, on two copies of the session that each node loaded
		ClusterTestApplication.CLOCK.advance(Duration.ofMinutes(2));
		ClusterTestApplication.Gate gate = ClusterTestApplication.Gate.reset();
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> browser.get(this.nodeA + "/api/slow"));
		assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
		HttpResponse<String> fast;
		try {
			fast = browser.get(this.nodeB + "/api/me");
		}
		finally {
			gate.open.countDown();
		}
		assertThat(fast.statusCode()).isEqualTo(200);
		HttpResponse<String> held = slow.get(10, TimeUnit.SECONDS);
		assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
		assertThat(browser.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/api/slow, 200, ivan", "/api/slow-redirect, 302, xavier", "/api/slow-failing, 303, paul" })
	void forceLogoutWhileARequestOfTheSessionIsInFlightOnTheOtherNodeLeavesNoSessionBehind(String path,
			int status, String username) throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, username, "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		String sessionId = onlySessionOf(username).id();
		String sessionCookie = browser.cookie("SESSION");
		assertThat(sessionCookie).isNotNull();
		ClusterTestApplication.Gate gate = ClusterTestApplication.Gate.reset();
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> browser.get(this.nodeB + path));
		assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
		HttpResponse<String> held;
		try {
			ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(5));
			assertThat(forceLogout.logout(username)).isEqualTo(1);
			assertThat(isStored(sessionId)).isFalse();
			// node B checks its own copy of the revocations, which the store updates (Redis: at once
			// by publish/subscribe; JDBC: at the next poll)
			RevocationRegistry revocationsOfNodeB = this.nodes.get(1).getBean(RevocationRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> revocationsOfNodeB.find(username, ClusterTestApplication.CLOCK.instant().minusSeconds(1))
					.isPresent());
			// the held request records activity on its way out, into the copy of the session it loaded
			ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(5));
		}
		finally {
			gate.open.countDown();
		}
		held = inFlight.get(10, TimeUnit.SECONDS);

		assertThat(held.statusCode()).as("admitted before the logout").isEqualTo(status);
		// no page is kept in a new session: this client's requests are no browser's navigations
		assertThat(held.headers().allValues("Set-Cookie")).as("the browser is told to drop the ended session")
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=;").contains("Max-Age=0"))
			.noneSatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=").doesNotContain("Max-Age=0"));
		assertThat(isStored(sessionId)).as("the late save did not recreate the session").isFalse();
		assertThat(contextOfNodeA().getBean(SessionRepository.class).findById(sessionId)).isNull();
		for (String node : List.of(this.nodeA, this.nodeB)) {
			HttpResponse<String> json = new Browser().get(node + "/api/me", "Accept", "application/json", "Cookie",
					"SESSION=" + sessionCookie);
			assertRefusedWith(json, "forced");
			assertSentToLoginWith(new Browser().get(node + "/", "Cookie", "SESSION=" + sessionCookie), "forced");
		}
		assertThat(browser.cookie("SESSION")).isNull();
		assertThat(browser.cookie(LogoutResponder.REASON_COOKIE)).as("told why").isEqualTo("forced");
		assertThat(browser.get(this.nodeB + "/").headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login"));
		assertThat(isStored(sessionId)).isFalse();
		assertThat(forceLogout.sessions(username, null)).isEmpty();
		assertThat(this.nodes.get(1).getBean(ForceLogoutService.class).sessions(username, null)).isEmpty();
	}

	@Test
	void sessionEndedOnOneNodeWhileARequestOfItIsInFlightOnTheOtherIsAnsweredAndNotSavedAgain() throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, "rupert", "secret");
		String sessionId = onlySessionOf("rupert").id();
		String sessionCookie = browser.cookie("SESSION");
		ClusterTestApplication.Gate gate = ClusterTestApplication.Gate.reset();
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> browser.get(this.nodeB + "/api/slow?note=late"));
		assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			// the held request adds an attribute and records activity on its way out, which the store refuses to save
			ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(5));
			// one session, as its user ends it from another of theirs: no revocation of the user
			assertThat(contextOfNodeA().getBean(ForceLogoutService.class)
				.logoutSession(sessionId, LogoutReason.ENDED_BY_USER)).isTrue();
			assertThat(isStored(sessionId)).isFalse();
		}
		finally {
			gate.open.countDown();
		}
		HttpResponse<String> held = inFlight.get(10, TimeUnit.SECONDS);

		assertThat(held.statusCode()).as("admitted before the end: " + held.body()).isEqualTo(200);
		assertThat(held.body()).contains("rupert");
		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).sessions("rupert", null)).isEmpty();
		HttpResponse<String> next = new Browser().get(this.nodeB + "/api/me", "Accept", "application/json", "Cookie",
				"SESSION=" + sessionCookie);
		assertRefusedWith(next, "ended_by_user");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/api/slow, 200, quinn", "/api/slow-redirect, 302, yvonne" })
	void sessionEndedByItsIdleDeadlineOnOneNodeWhileARequestOfItIsInFlightOnTheOtherLeavesNoSessionBehind(String path,
			int status, String username) throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, username, "secret");
		String sessionId = onlySessionOf(username).id();
		String sessionCookie = browser.cookie("SESSION");
		ClusterTestApplication.Gate gate = ClusterTestApplication.Gate.reset();
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> browser.get(this.nodeB + path));
		assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			// another tab's request sees the activity stored before the held request began
			ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));
			HttpResponse<String> otherTab = new Browser().get(this.nodeA + "/api/me", "Accept", "application/json",
					"Cookie", "SESSION=" + sessionCookie);
			assertRefusedWith(otherTab, "idle");
			assertThat(isStored(sessionId)).isFalse();
		}
		finally {
			gate.open.countDown();
		}
		HttpResponse<String> held = inFlight.get(10, TimeUnit.SECONDS);

		assertThat(held.statusCode()).as("admitted before the deadline").isEqualTo(status);
		assertThat(held.headers().allValues("Set-Cookie")).as("the browser is told to drop the ended session")
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=;").contains("Max-Age=0"))
			.noneSatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=").doesNotContain("Max-Age=0"));
		assertThat(isStored(sessionId)).as("the late save did not recreate the session").isFalse();
		assertThat(browser.cookie(LogoutResponder.REASON_COOKIE)).as("told why").isEqualTo("idle");
		HttpResponse<String> replay = new Browser().get(this.nodeB + "/api/me", "Accept", "application/json", "Cookie",
				"SESSION=" + sessionCookie);
		assertRefusedWith(replay, "idle");
		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).sessions(username, null)).isEmpty();
	}

	@Test
	void forceLogoutOfANameThatTheStoreCannotHoldEndsNothingRatherThanFailing() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "nina", "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));

		for (String username : List.of("x".repeat(2000), "nina\0", "\0")) {
			assertThat(forceLogout.logout(username)).isZero();
			assertThat(forceLogout.sessions(username, null)).isEmpty();
		}

		assertThat(browser.get(this.nodeB + "/api/me", "Accept", "application/json").statusCode()).isEqualTo(200);
	}

	@Test
	void sessionCookieNamingAnotherKeyOfTheStoreIsNoSessionRatherThanAServerError() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "walter", "secret");
		String id = browser.sessionId();

		// a key of the indexed Redis repository; text that PostgreSQL refuses in any query
		for (String forgedId : List.of("expires:" + id, "\0", id + "\0")) {
			String forged = Base64.getEncoder().encodeToString(forgedId.getBytes(StandardCharsets.UTF_8));
			for (String node : List.of(this.nodeA, this.nodeB)) {
				HttpResponse<String> page = Browser.replaying(node, forged).get(node + "/");
				assertThat(page.statusCode()).as("anonymous on %s", node).isEqualTo(302);
				assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
						(location) -> assertThat(location).endsWith("/login"));
			}
		}
		assertThat(browser.get(this.nodeB + "/api/me", "Accept", "application/json").statusCode())
			.as("the session it names goes on")
			.isEqualTo(200);
	}

	@Test
	void sessionWhoseSecurityContextTheApplicationCannotReadIsSignedOutAndEndedByAForceLogoutOfItsUserWithTheOthers() {
		Browser unreadable = new Browser();
		unreadable.login(this.nodeA, "amber", "secret");
		Browser readable = new Browser();
		readable.login(this.nodeB, "amber", "secret");
		String unreadableId = unreadable.sessionId();
		corruptAttribute(unreadableId, "SPRING_SECURITY_CONTEXT");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);

		for (String node : List.of(this.nodeA, this.nodeB)) {
			HttpResponse<String> me = unreadable.get(node + "/api/me");
			assertThat(me.statusCode()).as("anonymous on %s", node).isEqualTo(302);
			assertThat(me.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		}
		assertThat(isStored(unreadableId)).as("left for nodes that can read it").isTrue();
		List<String> listed = listsSessionsItCannotRead() ? List.of(readable.sessionId(), unreadableId)
				: List.of(readable.sessionId());
		assertThat(forceLogout.sessions("amber", null)).extracting(SessionInfo::id)
			.containsExactlyInAnyOrderElementsOf(listed);
		assertThat(forceLogout.logout("amber")).isEqualTo(listed.size());
		assertRefusedWith(readable.get(this.nodeA + "/api/me", "Accept", "application/json"), "forced");
		// where not listed, revoked with its user, so refused by any node that can read it
		assertThat(isStored(unreadableId)).isEqualTo(!listsSessionsItCannotRead());
	}

	@Test
	void sessionThatTheApplicationCannotReadStopsCountingItsUserAsActiveByItsDeadlineUnlessTheStoreIndexesIt() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "bruno", "secret");
		UserPresence presence = contextOfNodeB().getBean(UserPresence.class);
		assertThat(presence.isActive("bruno")).isTrue();
		corruptAttribute(browser.sessionId(), "SPRING_SECURITY_CONTEXT");

		assertThat(presence.isActive("bruno")).as("until its deadline").isTrue();
		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));

		if (keepsUnreadableSessionsInThePrincipalIndex()) {
			// Spring Session's clean-up reads a session before it removes it from the index
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> presence.isActive("bruno"));
		}
		else {
			await().atMost(Duration.ofSeconds(5)).until(() -> !presence.isActive("bruno"));
		}
	}

	@Test
	void browserWithTheCookieOfASessionEndedWithoutARequestIsToldWhyOnceAndGetsANewSession() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "victor", "secret");
		String ended = browser.cookie("SESSION");
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));
		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).logout("victor")).isEqualTo(1);

		HttpResponse<String> told = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
		assertRefusedWith(told, "forced");
		assertThat(browser.cookie("SESSION")).as("a new session's cookie replaces the ended one's")
			.isNotNull()
			.isNotEqualTo(ended);
		assertThat(browser.get(this.nodeA + "/").headers().firstValue("Location")).as("told once")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		for (String node : List.of(this.nodeA, this.nodeB)) {
			HttpResponse<String> replay = Browser.replaying(node, ended)
				.get(node + "/api/me", "Accept", "application/json");
			assertRefusedWith(replay, "forced");
		}
	}

	@Test
	void lastActivityOfASlowRequestOnOneNodeNeverOverwritesNewerActivityOfTheOther() throws Exception {
		Instant login = ClusterTestApplication.CLOCK.instant();

		// the slow request loads the session, the fast one records newer activity, the slow one ends last
		SessionTimes stored = timesAfterASlowAndAFastRequest("judy", login.plusSeconds(20), login.plusSeconds(30));

		assertThat(stored.lastActivity()).isEqualTo(login.plusSeconds(30));
		assertThat(stored.authenticatedAt()).isEqualTo(login);
	}

	@Test
	void lastActivityMovesBackByAtMostTheClockDifferenceWhenTheSlowRequestsNodeIsBehind() throws Exception {
		Instant login = ClusterTestApplication.CLOCK.instant();

		// the slow request's node shows an instant 5 s behind the fast one's when it ends: it writes
		// its own activity into the copy it loaded, over the newer activity of the other node
		SessionTimes stored = timesAfterASlowAndAFastRequest("mallory", login.plusSeconds(50), login.plusSeconds(45));

		assertThat(stored.lastActivity()).as("back by the clock difference, never more")
			.isEqualTo(login.plusSeconds(45));
		assertThat(stored.authenticatedAt()).isEqualTo(login);
	}

	/**
	 * Signs the user in on node A, holds a request there while a request on node B ends at the
	 * first instant, lets the held one end at the second, and returns the session's stored times.
	 */
	private SessionTimes timesAfterASlowAndAFastRequest(String username, Instant fastEndsAt, Instant slowEndsAt)
			throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, username, "secret");
		String sessionId = onlySessionOf(username).id();
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(10));
		HttpResponse<String> fast = whileASlowRequestIsHeld(browser, this.nodeA, () -> {
			ClusterTestApplication.CLOCK.set(fastEndsAt);
			HttpResponse<String> response = browser.get(this.nodeB + "/api/me");
			assertThat(storedTimesOf(sessionId).lastActivity()).isEqualTo(fastEndsAt);
			ClusterTestApplication.CLOCK.set(slowEndsAt);
			return response;
		});
		assertThat(fast.statusCode()).isEqualTo(200);
		return storedTimesOf(sessionId);
	}

	/**
	 * Holds a request of the browser's session on the given node while the action runs, then lets
	 * it finish and checks that it was answered.
	 */
	private HttpResponse<String> whileASlowRequestIsHeld(Browser browser, String node,
			Callable<HttpResponse<String>> action) throws Exception {
		ClusterTestApplication.Gate gate = ClusterTestApplication.Gate.reset();
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> browser.get(node + "/api/slow"));
		assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
		HttpResponse<String> result;
		try {
			result = action.call();
		}
		finally {
			gate.open.countDown();
		}
		HttpResponse<String> held = slow.get(10, TimeUnit.SECONDS);
		assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
		return result;
	}

	SessionInfo onlySessionOf(String username) {
		List<SessionInfo> sessions = contextOfNodeA().getBean(ForceLogoutService.class).sessions(username, null);
		assertThat(sessions).hasSize(1);
		return sessions.get(0);
	}

	@Test
	void signedInSessionIsKeptInTheStoreAMinutePastItsIdleTimeoutThoughTheStoresOwnTimeoutIsShorter() {
		Browser browser = new Browser();
		assertThat(browser.get(this.nodeA + "/login").statusCode()).isEqualTo(200);
		assertThat(storedSession(browser.sessionId()).getMaxInactiveInterval()).isEqualTo(STORE_TIMEOUT);

		browser.login(this.nodeA, "alice", "secret");

		assertThat(storedSession(browser.sessionId()).getMaxInactiveInterval()).isEqualTo(IDLE.plusMinutes(1));
	}

	@SuppressWarnings("unchecked")
	private Session storedSession(String sessionId) {
		Session session = ((SessionRepository<Session>) contextOfNodeA().getBean(SessionRepository.class))
			.findById(sessionId);
		assertThat(session).isNotNull();
		return session;
	}

	private SessionTimes storedTimesOf(String sessionId) {
		Session session = storedSession(sessionId);
		SessionTimes times = SessionTimesAttributes.read(session::getAttribute);
		assertThat(times).isNotNull();
		return times;
	}

	@Test
	void absoluteDeadlineHoldsOnTheOtherNodeForAnActiveSession() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "alice", "secret");
		for (int i = 0; i < 6; i++) {
			ClusterTestApplication.CLOCK.advance(IDLE.minusMinutes(1));
			assertThat(browser.get(((i % 2 == 0) ? this.nodeA : this.nodeB) + "/api/me").statusCode()).isEqualTo(200);
		}
		ClusterTestApplication.CLOCK.advance(IDLE.minusMinutes(3));
		assertRefusedWith(browser.get(this.nodeB + "/api/me", "Accept", "application/json"), "absolute");
	}

}

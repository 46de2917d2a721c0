package io.github.autologout.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.expiry.UserPresence;
import io.github.autologout.jdbc.JdbcRevocationRegistry;
import io.github.autologout.session.ForceLogoutService;
import io.github.autologout.test.Concurrently;
import io.github.autologout.test.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ClusterTests} with Spring Session JDBC on a real PostgreSQL server.
 */
class JdbcClusterTests extends ClusterTests {

	@Override
	List<String> storeProperties() {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.get();
		return List.of("spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.datasource.username=" + postgres.username(),
				"spring.datasource.password=" + postgres.password(), "spring.session.jdbc.initialize-schema=always",
				"autologout.jdbc.initialize-schema=always",
				// hash joins, as PostgreSQL picks for a real table of sessions: they return the rows of
				// a join in the order of the attributes table, not grouped by session
				"spring.datasource.hikari.connection-init-sql=SET enable_nestloop = off; SET enable_mergejoin = off",
				ClusterTestApplication.WITHOUT_REDIS);
	}

	@Test
	void forceLogoutEndsAndListsEverySessionOfAUserWhoseAttributeRowsAreInterleaved() {
		Browser laptop = new Browser();
		laptop.login(this.nodeA, "grace", "secret");
		Browser phone = new Browser();
		phone.login(this.nodeB, "grace", "secret");
		// recording the laptop's activity rewrites its times, whose new row comes after the phone's rows
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(2));
		assertThat(laptop.get(this.nodeA + "/api/me").statusCode()).isEqualTo(200);
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);

		assertThat(forceLogout.sessions("grace", null)).hasSize(2)
			.allSatisfy((session) -> assertThat(session.authenticatedAt()).isNotNull());
		assertThat(forceLogout.logout("grace")).isEqualTo(2);

		assertThat(sessionRowsOf("grace")).isZero();
		for (Browser browser : List.of(laptop, phone)) {
			HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
			assertRefusedWith(me, "forced");
		}
	}

	@Test
	void abandonedSessionThatNeverExpiresIsDeletedByTheExpiryPass() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "heidi", "secret");
		// Spring Session JDBC's deleteById keeps a session whose inactive interval is below zero
		assertThat(jdbc().sql("UPDATE SPRING_SESSION SET MAX_INACTIVE_INTERVAL = -1 WHERE PRINCIPAL_NAME = ?")
			.param("heidi")
			.update()).isEqualTo(1);

		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));

		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("heidi") == 1);
		assertThat(sessionRowsOf("heidi")).isZero();
	}

	@Test
	void forceLogoutInsideACallersTransactionLeavesItToCommitWhenASessionWasRecordedAsEndedMeanwhile() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "sybil", "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		String sessionId = onlySessionOf("sybil").id();
		// as the expiry pass of node B does when it ends the session at the same moment
		assertThat(contextOfNodeB().getBean(RevocationRegistry.class).revokeSession(sessionId, LogoutReason.IDLE))
			.isTrue();
		jdbc().sql("CREATE TABLE IF NOT EXISTS CALLER_AUDIT (NOTE VARCHAR(64) NOT NULL)").update();
		jdbc().sql("DELETE FROM CALLER_AUDIT").update();

		new TransactionTemplate(contextOfNodeA().getBean(PlatformTransactionManager.class))
			.executeWithoutResult((status) -> {
				jdbc().sql("INSERT INTO CALLER_AUDIT (NOTE) VALUES ('sybil disabled')").update();
				forceLogout.logout("sybil");
			});

		assertThat(jdbc().sql("SELECT NOTE FROM CALLER_AUDIT").query(String.class).list())
			.containsExactly("sybil disabled");
		assertThat(sessionRowsOf("sybil")).isZero();
		HttpResponse<String> me = browser.get(this.nodeA + "/api/me", "Accept", "application/json");
		assertRefusedWith(me, "idle");
	}

	@Test
	void forceLogoutInsideACallersTransactionThatRollsBackStillEndsTheSessions() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "walter", "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));

		new TransactionTemplate(contextOfNodeA().getBean(PlatformTransactionManager.class))
			.executeWithoutResult((status) -> {
				assertThat(forceLogout.logout("walter")).isEqualTo(1);
				status.setRollbackOnly();
			});

		assertThat(sessionRowsOf("walter")).isZero();
		HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
		assertRefusedWith(me, "forced");
	}

	@Test
	void forceLogoutInsideACallersTransactionThatAFailedStatementAbortedStillEndsTheSessions() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "yvonne", "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		UserPresence presence = contextOfNodeA().getBean(UserPresence.class);
		ClusterTestApplication.CLOCK.advance(Duration.ofSeconds(1));

		new TransactionTemplate(contextOfNodeA().getBean(PlatformTransactionManager.class))
			.executeWithoutResult((status) -> {
				// PostgreSQL refuses every further statement of a transaction in which one failed
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> jdbc().sql("SELECT 1 / 0").query(Integer.class).single());
				assertThat(presence.isActive("yvonne")).isTrue();
				assertThat(forceLogout.logout("yvonne")).isEqualTo(1);
				assertThat(presence.isActive("yvonne")).isFalse();
				status.setRollbackOnly();
			});

		assertThat(sessionRowsOf("yvonne")).isZero();
		HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");
		assertRefusedWith(me, "forced");
	}

	@Test
	void sessionWhoseTimesCannotBeReadIsListedAndThenEndedByItsNextRequestRatherThanFailingIt() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "uma", "secret");
		corruptAttribute(onlySessionOf("uma").id(), "autologout");

		assertThat(contextOfNodeA().getBean(ForceLogoutService.class).sessions("uma", null)).singleElement()
			.satisfies((session) -> assertThat(session.authenticatedAt()).isNull());
		HttpResponse<String> me = browser.get(this.nodeB + "/api/me", "Accept", "application/json");

		assertRefusedWith(me, "absolute");
		assertThat(sessionRowsOf("uma")).isZero();
	}

	@Test
	void clientDetailsThatCannotBeReadAreListedAsNotRecordedAndLeaveRequestsAlone() {
		Browser browser = new Browser();
		browser.login(this.nodeA, "zoe", "secret");
		ForceLogoutService forceLogout = contextOfNodeA().getBean(ForceLogoutService.class);
		assertThat(forceLogout.sessions("zoe", null)).singleElement()
			.satisfies((session) -> assertThat(session.clientAddress()).isEqualTo("127.0.0.1"));
		corruptAttribute(onlySessionOf("zoe").id(), "autologout.client");

		assertThat(browser.get(this.nodeB + "/api/me").statusCode()).isEqualTo(200);

		assertThat(forceLogout.sessions("zoe", null)).singleElement().satisfies((session) -> {
			assertThat(session.clientAddress()).isNull();
			assertThat(session.authenticatedAt()).isNotNull();
		});
	}

	@Test
	void sessionWhoseSecurityContextCannotBeReadIsEndedByTheExpiryPassAtItsDeadline() {
		new Browser().login(this.nodeA, "leo", "secret");
		corruptAttribute(onlySessionOf("leo").id(), "SPRING_SECURITY_CONTEXT");

		ClusterTestApplication.CLOCK.advance(IDLE.plusSeconds(1));

		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf("leo") == 1);
		assertThat(ClusterTestApplication.EVENTS).filteredOn((event) -> event.getUsername().equals("leo"))
			.singleElement()
			.satisfies((event) -> assertThat(event.getReason()).isEqualTo(LogoutReason.ABSOLUTE));
		assertThat(sessionRowsOf("leo")).isZero();
	}

	@Test
	void concurrentFirstRequestsOfASessionWithoutItsTimesAreAllAnswered() throws Exception {
		Browser browser = new Browser();
		browser.login(this.nodeA, "olga", "secret");
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Runnable onA = () -> statuses.add(browser.get(this.nodeA + "/api/me").statusCode());
		Runnable onB = () -> statuses.add(browser.get(this.nodeB + "/api/me").statusCode());

		for (int round = 0; round < 5; round++) {
			// as a session that signed in before autologout was added: its first requests add the times
			assertThat(jdbc().sql("""
					DELETE FROM SPRING_SESSION_ATTRIBUTES WHERE ATTRIBUTE_NAME IN ('autologout', 'autologout.client')
					AND SESSION_PRIMARY_ID IN (SELECT PRIMARY_ID FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?)""")
				.param("olga")
				.update()).isEqualTo(2);
			Concurrently.run(onA, onB, onA, onB);
		}

		assertThat(statuses).hasSize(20).containsOnly(200);
	}

	@Override
	boolean listsSessionsItCannotRead() {
		return true;
	}

	@Override
	void corruptAttribute(String sessionId, String attribute) {
		assertThat(jdbc().sql("""
				UPDATE SPRING_SESSION_ATTRIBUTES SET ATTRIBUTE_BYTES = ? WHERE ATTRIBUTE_NAME = ?
				AND SESSION_PRIMARY_ID IN (SELECT PRIMARY_ID FROM SPRING_SESSION WHERE SESSION_ID = ?)""")
			.params(new byte[] { 1, 2, 3 }, attribute, sessionId)
			.update()).isOne();
	}

	@Override
	boolean isStored(String sessionId) {
		return jdbc().sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?")
			.param(sessionId)
			.query(Long.class)
			.single() > 0;
	}

	private long sessionRowsOf(String username) {
		return jdbc().sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private JdbcClient jdbc() {
		return JdbcClient.create(contextOfNodeA().getBean(DataSource.class));
	}

	@Override
	Class<? extends RevocationRegistry> sharedRegistryType() {
		return JdbcRevocationRegistry.class;
	}

	@Override
	Class<?> sessionRepositoryType() {
		return JdbcIndexedSessionRepository.class;
	}

}

package io.github.autologout.session;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.Locale;

import io.github.autologout.AutoLogoutMessages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.support.StaticMessageSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessionStoreUnavailableFilter}.
 */
class SessionStoreUnavailableFilterTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final SessionStoreUnavailableFilter filter = new SessionStoreUnavailableFilter();

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void storeThatCannotBeReachedGivesAShort503Problem() throws Exception {
		this.response.setHeader("X-Partial", "written before the failure");

		this.filter.doFilter(this.request, this.response, failing(
				new ServletException(new DataAccessResourceFailureException("Unable to connect to Redis"))));

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getHeader("X-Partial")).isNull();
		assertThat(this.response.getContentAsString()).contains("\"status\":503")
			.contains("\"title\":\"Service Unavailable\"")
			.doesNotContain("Redis")
			.doesNotContain("Exception");
	}

	@Test
	void storeThatTimesOutGivesA503() throws Exception {
		this.filter.doFilter(this.request, this.response, failing(new QueryTimeoutException("Redis command timed out")));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void databaseWithoutConnectionsForATransactionGivesA503() throws Exception {
		this.filter.doFilter(this.request, this.response,
				failing(new CannotCreateTransactionException("Could not open JDBC Connection for transaction")));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void rollbackThatFailedAfterALostConnectionGivesA503() throws Exception {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed");
		rollback.initApplicationException(new DataAccessResourceFailureException("terminating connection"));

		this.filter.doFilter(this.request, this.response, failing(rollback));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void connectionLostDuringACommandGivesA503() throws Exception {
		// how Spring Data Redis reports Lettuce's failure when Redis goes away during a command
		RedisSystemException lost = new RedisSystemException("Redis exception",
				new IllegalStateException(new SocketException("Connection reset")));

		this.filter.doFilter(this.request, this.response, failing(lost));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void uncategorizedStoreFailureWithoutAnIoCauseIsNotHidden() {
		RedisSystemException failure = new RedisSystemException("WRONGTYPE", new IllegalStateException("WRONGTYPE"));

		assertThatExceptionOfType(RedisSystemException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing(failure)));
	}

	@Test
	void rollbackThatFailedOnAConnectionTheDatabaseClosedAfterAFailedCommitGivesA503() throws Exception {
		// the commit's failure is only logged; the rollback's is thrown, with the driver's exception
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("This connection has been closed.", "08003"));

		this.filter.doFilter(this.request, this.response, failing(rollback));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void rollbackThatFailedOnAConnectionThePoolClosedGivesA503() throws Exception {
		// HikariCP's answer for a connection it closed after the database ended it: no SQLSTATE
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));

		this.filter.doFilter(this.request, this.response, failing(rollback));

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void rollbackThatFailedWithAnotherDatabaseErrorIsNotHidden() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("deadlock detected", "40P01"));

		assertThatExceptionOfType(TransactionSystemException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing(rollback)));
	}

	@Test
	void rollbackThatFailedForAnotherReasonIsNotHidden() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed");
		rollback.initApplicationException(new DataIntegrityViolationException("duplicate key"));

		assertThatExceptionOfType(TransactionSystemException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing(rollback)));
	}

	@Test
	void otherFailuresAreNotHidden() {
		DataIntegrityViolationException failure = new DataIntegrityViolationException("duplicate key");

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, failing(failure)))
			.isSameAs(failure);
	}

	@Test
	void outageAfterTheResponseWasCommittedIsRethrown() {
		this.response.setCommitted(true);

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> this.filter
			.doFilter(this.request, this.response, failing(new DataAccessResourceFailureException("gone"))));
	}

	@Test
	void browserLoadingAPageGetsA503PageWithoutInternalDetail() throws Exception {
		this.request.addHeader("Accept", BROWSER_ACCEPT);
		this.response.setHeader("X-Partial", "written before the failure");

		this.filter.doFilter(this.request, this.response, failing(
				new ServletException(new DataAccessResourceFailureException("Unable to connect to Redis"))));

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getHeader("Vary")).isEqualTo("Accept");
		assertThat(this.response.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'");
		assertThat(this.response.getHeader("X-Partial")).isNull();
		assertThat(this.response.getContentAsString()).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"en\">")
			.contains("<title>Temporarily unavailable</title>")
			.contains("Sessions cannot be checked right now")
			.doesNotContain("Redis")
			.doesNotContain("Exception")
			.doesNotContain("<script")
			.doesNotContain("style");
	}

	@Test
	void browserAskingForSimplifiedChineseGetsThePageInSimplifiedChinese() throws Exception {
		this.request.addHeader("Accept", BROWSER_ACCEPT);
		this.request.addPreferredLocale(Locale.SIMPLIFIED_CHINESE);

		this.filter.doFilter(this.request, this.response,
				failing(new CannotCreateTransactionException("Could not open JDBC Connection for transaction")));

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentAsString()).contains("<html lang=\"zh-CN\">")
			.contains("<title>暂时无法访问</title>")
			.contains("目前无法验证会话");
	}

	@Test
	void browserAskingForTraditionalChineseGetsThePageInTraditionalChinese() throws Exception {
		this.request.addHeader("Accept", BROWSER_ACCEPT);
		this.request.addPreferredLocale(Locale.forLanguageTag("zh-HK"));

		this.filter.doFilter(this.request, this.response,
				failing(new CannotCreateTransactionException("Could not open JDBC Connection for transaction")));

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentAsString()).contains("<html lang=\"zh-Hant\">")
			.contains("<title>暫時無法存取</title>")
			.contains("目前無法驗證工作階段");
	}

	@Test
	void browserAskingForALanguageWithoutTextsGetsEnglishMarkedAsEnglish() throws Exception {
		this.request.addHeader("Accept", BROWSER_ACCEPT);
		this.request.addPreferredLocale(Locale.FRENCH);

		this.filter.doFilter(this.request, this.response, failing(new QueryTimeoutException("timed out")));

		assertThat(this.response.getContentAsString()).contains("<html lang=\"en\">")
			.contains("Temporarily unavailable");
	}

	@Test
	void pageUsesTheApplicationsTextsEscaped() throws Exception {
		StaticMessageSource applicationMessages = new StaticMessageSource();
		applicationMessages.addMessage("autologout.unavailable.title", Locale.ENGLISH, "Down <b>for</b> a moment");
		SessionStoreUnavailableFilter filter = new SessionStoreUnavailableFilter(
				new AutoLogoutMessages(applicationMessages, null));
		this.request.addHeader("Accept", "text/html");
		this.request.addPreferredLocale(Locale.ENGLISH);

		filter.doFilter(this.request, this.response, failing(new QueryTimeoutException("timed out")));

		assertThat(this.response.getContentAsString()).contains("<h1>Down &lt;b&gt;for&lt;/b&gt; a moment</h1>")
			.doesNotContain("<b>");
	}

	@ParameterizedTest(name = "Accept \"{0}\", X-Requested-With \"{1}\", Sec-Fetch-Dest \"{2}\": {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | -              | document | text/html;charset=UTF-8
			text/html                                                        | -              | -        | text/html;charset=UTF-8
			application/xhtml+xml                                            | -              | -        | text/html;charset=UTF-8
			text/html;q=0.5, application/json                                | -              | -        | application/problem+json
			text/html, application/json;q=0.9                                | -              | -        | text/html;charset=UTF-8
			application/json, text/html                                      | -              | -        | application/problem+json
			application/json                                                 | -              | -        | application/problem+json
			application/problem+json                                         | -              | -        | application/problem+json
			*/*                                                              | -              | -        | application/problem+json
			-                                                                | -              | -        | application/problem+json
			text/html;q=0                                                    | -              | -        | application/problem+json
			text/html                                                        | XMLHttpRequest | -        | application/problem+json
			text/html,*/*;q=0.8                                              | -              | empty    | application/problem+json
			text/                                                            | -              | -        | application/problem+json
			""")
	void onlyAPageLoadGetsHtml(String accept, String requestedWith, String fetchDest, String contentType)
			throws Exception {
		if (accept != null) {
			this.request.addHeader("Accept", accept);
		}
		if (requestedWith != null) {
			this.request.addHeader("X-Requested-With", requestedWith);
		}
		if (fetchDest != null) {
			this.request.addHeader("Sec-Fetch-Dest", fetchDest);
		}

		this.filter.doFilter(this.request, this.response, failing(new QueryTimeoutException("timed out")));

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentType()).isEqualTo(contentType);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
	}

	private static FilterChain failing(Exception failure) {
		return (request, response) -> {
			if (failure instanceof ServletException servlet) {
				throw servlet;
			}
			throw (RuntimeException) failure;
		};
	}

}

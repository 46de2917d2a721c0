package io.github.autologout.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
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

	private static FilterChain failing(Exception failure) {
		return (request, response) -> {
			if (failure instanceof ServletException servlet) {
				throw servlet;
			}
			throw (RuntimeException) failure;
		};
	}

}

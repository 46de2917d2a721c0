package io.github.autologout.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 Service Unavailable} with a short {@code application/problem+json} body when
 * the session store cannot be reached (no connection, a timeout, no transaction for lack of a
 * connection, or a rollback that failed after one of these), instead of a {@code 500} with a
 * stack trace.
 * <p>
 * Runs before Spring Session's {@code SessionRepositoryFilter}, so that it sees the failure to
 * load or save a session. No request gets through without its session, so an outage fails closed:
 * nobody is let in, revoked or not, until the store is back.
 */
public final class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableFilter.class);

	/** Seconds a client is asked to wait before it tries again. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final JacksonJsonHttpMessageConverter json = new JacksonJsonHttpMessageConverter();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			Throwable outage = outage(ex);
			if (outage == null || response.isCommitted()) {
				throw ex;
			}
			logger.warn("The session store is unavailable, answering 503: " + outage.getMessage());
			response.reset();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Sessions cannot be checked right now. Please try again in a moment.");
			problem.setTitle("Service Unavailable");
			this.json.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
		}
	}

	private static @Nullable Throwable outage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof CannotCreateTransactionException) {
				return cause;
			}
			// a rollback that fails on a broken connection hides the failure that caused it
			if (cause instanceof TransactionSystemException failedRollback
					&& failedRollback.getApplicationException() != null
					&& outage(failedRollback.getApplicationException()) != null) {
				return cause;
			}
		}
		return null;
	}

}

package io.github.autologout.session;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.github.autologout.AutoLogoutMessages;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers {@code 503 Service Unavailable} with a short {@code application/problem+json} body when
 * the session store cannot be reached (no connection, a timeout, no transaction for lack of a
 * connection, a rollback that failed after one of these, or Redis still loading its data after a
 * restart), instead of a {@code 500} with a stack trace. A browser navigating to a page (it
 * accepts {@code text/html} and is no script request) gets a small HTML page instead, in its
 * {@code Accept-Language}, from
 * {@link AutoLogoutMessages}.
 * <p>
 * Both are written here rather than through the servlet container's error page: an error
 * dispatch would run Spring Session's filter and the security chain again, and they would fail on
 * the same store. The locale is the request's own, since a session-based locale cannot be read.
 * <p>
 * Runs before Spring Session's {@code SessionRepositoryFilter}, so that it sees the failure to
 * load or save a session. No request gets through without its session, so an outage fails closed:
 * nobody is let in, revoked or not, until the store is back.
 */
public final class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableFilter.class);

	/** Seconds a client is asked to wait before it tries again. */
	static final String RETRY_AFTER_SECONDS = "5";

	private static final List<String> REDIS_UNAVAILABLE = List.of("Connection closed", "Connection disconnected",
			"Currently not connected", "LOADING ", "MASTERDOWN ");

	private final JacksonJsonHttpMessageConverter json = new JacksonJsonHttpMessageConverter();

	private final AutoLogoutMessages messages;

	/**
	 * Creates a filter whose HTML page has the texts shipped with the starter.
	 */
	public SessionStoreUnavailableFilter() {
		this(new AutoLogoutMessages(new StaticMessageSource(), null));
	}

	/**
	 * Creates a filter whose HTML page has the given texts.
	 * @param messages the texts, codes {@code autologout.unavailable.*}
	 */
	public SessionStoreUnavailableFilter(AutoLogoutMessages messages) {
		Assert.notNull(messages, "messages must not be null");
		this.messages = messages;
	}

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
			response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
			if (isPageNavigation(request)) {
				writePage(request.getLocale(), response);
				return;
			}
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Sessions cannot be checked right now. Please try again in a moment.");
			problem.setTitle("Service Unavailable");
			this.json.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
		}
	}

	private void writePage(Locale locale, HttpServletResponse response) throws IOException {
		String title = HtmlUtils.htmlEscape(this.messages.text("autologout.unavailable.title", locale));
		String page = "<!DOCTYPE html>\n<html lang=\""
				+ HtmlUtils.htmlEscape(this.messages.text("autologout.unavailable.lang", locale)) + "\">\n<head>\n"
				+ "<meta charset=\"utf-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				+ "<title>" + title + "</title>\n</head>\n<body>\n<main>\n<h1>" + title + "</h1>\n<p>"
				+ HtmlUtils.htmlEscape(this.messages.text("autologout.unavailable.body", locale)) + "</p>\n<p>"
				+ HtmlUtils.htmlEscape(this.messages.text("autologout.unavailable.retry", locale))
				+ "</p>\n</main>\n</body>\n</html>\n";
		byte[] body = page.getBytes(StandardCharsets.UTF_8);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Content-Security-Policy", "default-src 'none'");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * Whether the request is a browser loading a page: it prefers {@code text/html} to every other
	 * named type it accepts, and it is no script request ({@code X-Requested-With} or a
	 * {@code fetch} with {@code Sec-Fetch-Dest: empty}). A request that accepts anything, or whose
	 * {@code Accept} cannot be read, gets the problem.
	 */
	static boolean isPageNavigation(HttpServletRequest request) {
		if ("XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
				|| "empty".equals(request.getHeader("Sec-Fetch-Dest"))) {
			return false;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		@Nullable MediaType preferred = null;
		for (MediaType type : accepted) {
			if (!type.isWildcardType() && type.getQualityValue() > 0
					&& (preferred == null || type.getQualityValue() > preferred.getQualityValue())) {
				preferred = type;
			}
		}
		return preferred != null && (MediaType.TEXT_HTML.equalsTypeAndSubtype(preferred)
				|| MediaType.APPLICATION_XHTML_XML.equalsTypeAndSubtype(preferred));
	}

	private static @Nullable Throwable outage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// the last: a connection lost during a command, which Lettuce reports as uncategorized
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof CannotCreateTransactionException
					|| (cause instanceof DataAccessException dataAccess && (dataAccess.contains(IOException.class)
							|| isRedisUnavailable(dataAccess.getMostSpecificCause())))) {
				return cause;
			}
			// a rollback that fails on a broken connection hides the failure that caused it: the
			// application's, or the commit's, which the transaction manager only logs
			if (cause instanceof TransactionSystemException failedRollback
					&& ((failedRollback.getApplicationException() != null
							&& outage(failedRollback.getApplicationException()) != null)
							|| isConnectionFailure(failedRollback.getCause()))) {
				return cause;
			}
		}
		return null;
	}

	/**
	 * Whether Lettuce failed a command for a connection it lost or does not have (with
	 * {@code DisconnectedBehavior.REJECT_COMMANDS}, or a command in flight), or Redis answered that
	 * it cannot serve yet: {@code LOADING} its data after a restart, {@code MASTERDOWN}.
	 */
	private static boolean isRedisUnavailable(Throwable root) {
		String message = root.getMessage();
		return root.getClass().getName().startsWith("io.lettuce.core.") && message != null
				&& REDIS_UNAVAILABLE.stream().anyMatch(message::startsWith);
	}

	/**
	 * Whether the JDBC failure of a rollback comes from a lost connection: one of the SQL
	 * standard's connection exceptions or operator interventions (SQLSTATE classes {@code 08} and
	 * {@code 57}, such as a database shutting down), or a failure without an SQLSTATE, which is how
	 * a pool such as HikariCP refuses a connection it has closed.
	 */
	private static boolean isConnectionFailure(@Nullable Throwable ex) {
		if (!(ex instanceof SQLException sql)) {
			return false;
		}
		String state = sql.getSQLState();
		return sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException
				|| state == null || state.startsWith("08") || state.startsWith("57");
	}

}

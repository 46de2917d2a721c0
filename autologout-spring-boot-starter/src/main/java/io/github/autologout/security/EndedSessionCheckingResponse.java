package io.github.autologout.security;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that, when the application redirects or sends an error, which commits it before
 * its request ends and is when Spring Session saves the session, first lets the filter leave
 * no session behind if the session was ended meanwhile, so that the store sees the session
 * invalidated rather than saves it. Nothing is written after either, so no later call needs
 * the session; a body that commits the response (its declared length, a full buffer, a
 * flush) is left alone, since the application may go on using the session after it.
 */
final class EndedSessionCheckingResponse extends HttpServletResponseWrapper {

	private final BooleanSupplier endedMeanwhile;

	private boolean checked;

	/** Whether the check found the session ended, and left none behind. */
	private boolean endedSession;

	EndedSessionCheckingResponse(HttpServletResponse response, BooleanSupplier endedMeanwhile) {
		super(response);
		this.endedMeanwhile = endedMeanwhile;
	}

	/** Whether the application redirected or sent an error, which ran the check. */
	boolean checked() {
		return this.checked;
	}

	/** Whether the check found the session ended, and left none behind. */
	boolean endedSession() {
		return this.endedSession;
	}

	private void checkOnce() {
		if (!this.checked) {
			this.checked = true;
			this.endedSession = this.endedMeanwhile.getAsBoolean();
		}
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		checkOnce();
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		checkOnce();
		super.sendRedirect(location, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		checkOnce();
		super.sendRedirect(location, sc);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		checkOnce();
		super.sendRedirect(location, sc, clearBuffer);
	}

	@Override
	public void sendError(int sc) throws IOException {
		checkOnce();
		super.sendError(sc);
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		checkOnce();
		super.sendError(sc, msg);
	}

}

package io.github.autologout.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TimeoutPolicy;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * What the {@link AutoLogoutFilter} does at the end of a request whose session a force logout,
 * the expiry pass or another request ended while it ran: it finds such a session, leaves none
 * behind for the store to save, records and publishes its end once, and keeps the
 * {@link SessionTracker} in step, also where the application changed the session's id.
 */
final class SessionEndedMeanwhileHandler {

	// logged as the filter's own work, under its name
	private static final Log logger = LogFactory.getLog(AutoLogoutFilter.class);

	private final RevocationRegistry revocations;

	private final LogoutResponder responder;

	private final ApplicationEventPublisher events;

	/** The source of the events published here: the filter. */
	private final Object eventSource;

	private Clock clock;

	private SecurityContextHolderStrategy securityContextHolderStrategy;

	private @Nullable SessionTracker sessionTracker;

	SessionEndedMeanwhileHandler(RevocationRegistry revocations, LogoutResponder responder,
			ApplicationEventPublisher events, Object eventSource, Clock clock,
			SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.revocations = revocations;
		this.responder = responder;
		this.events = events;
		this.eventSource = eventSource;
		this.clock = clock;
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Why the request's session ended while the request ran, if a force logout or the expiry pass
	 * ended it: a request that then fails, as one that reads a session the container has
	 * invalidated meanwhile does, is answered as any request of an ended session is. The user's
	 * revocations are looked up first, in this node's copy; a store that cannot be asked about the
	 * session leaves the request's own failure to be reported, with the store's added to it.
	 */
	Optional<LogoutReason> endedWhileItRan(String username, String sessionId, SessionTimes admitted,
			Exception failure) {
		Optional<Revocation> user = this.revocations.find(username, admitted.authenticatedAt());
		if (user.isPresent()) {
			return Optional.of(user.get().reason());
		}
		try {
			return this.revocations.findSession(sessionId);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
			return Optional.empty();
		}
	}

	/**
	 * Invalidates this request's copy of its session if the session was ended while the request
	 * ran, so that a session store that saves each request's copy at its end (Spring Session)
	 * neither recreates the deleted session nor fails the request, and no activity is recorded in
	 * it. Two ends are looked for: a revocation of the user (a force logout on any node), in this
	 * node's copy of the revocations, which costs no round trip to a shared store and counts once
	 * it has reached this node (Redis: by publish/subscribe; JDBC: at the next poll); and, only if
	 * the session's deadline passed while the request ran, the end of this session by that
	 * deadline in another request or the expiry pass, which the store is asked for. A session ended
	 * meanwhile is untracked too, so that its user stops counting as present at once: whatever
	 * ended it may find it invalidated here first, and Spring Session's stores tell no tracker of a
	 * session that the application's own code invalidated. The response, if it can still carry
	 * a header, gets the reason's cookie: a Spring Session store clears the session's cookie with
	 * it, so the browser's next request, which comes without a session, can still be told why, as
	 * when an administrator force-logs-out their own name from the request.
	 * @return whether the session was ended meanwhile
	 */
	boolean leaveNoSessionIfEnded(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication, String sessionId, TimeoutPolicy policy, SessionTimes times) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			untrackQuietly(authentication.getName(), List.of(sessionId));
			return true;
		}
		Optional<Revocation> revoked = this.revocations.find(authentication.getName(), times.authenticatedAt());
		Optional<LogoutReason> reason = revoked.map(Revocation::reason);
		if (reason.isEmpty() && !this.clock.instant().isBefore(policy.deadline(times))) {
			reason = this.revocations.findSession(sessionId);
		}
		if (reason.isEmpty()) {
			return false;
		}
		invalidateEnded(session, authentication, sessionId, revoked);
		if (!response.isCommitted()) {
			this.responder.rememberReason(request, response, reason.get());
		}
		return true;
	}

	/**
	 * Ends, with the given step, a session that was ended while its request ran, and untracks it
	 * under both of its ids; a revoked user's session is recorded as ended before it is gone, as
	 * the filter records a session it ends, and its event published if this request recorded it
	 * first.
	 */
	void end(Authentication authentication, String sessionId, String currentId, Optional<Revocation> revoked,
			Runnable end) {
		boolean recordedHere = revoked.isPresent() && recordEndQuietly(currentId, revoked.get().reason());
		end.run();
		untrackQuietly(authentication.getName(),
				currentId.equals(sessionId) ? List.of(sessionId) : List.of(sessionId, currentId));
		if (recordedHere) {
			publishQuietly(new AutoLogoutEvent(this.eventSource, authentication.getName(), currentId,
					revoked.get().reason()));
		}
	}

	/**
	 * Tracks the request's session under its new id where the application changed the id without
	 * a login, which tracks the new id itself: a Spring Session store keeps nothing under the old
	 * id, so a tracker that keeps an entry per session would find the old one gone at its check
	 * and never end the session without a request. A session that a request which came with its
	 * new id ended meanwhile is untracked under both ids instead.
	 */
	void trackUnderItsNewIdIfChanged(HttpServletRequest request, Authentication authentication,
			String sessionId, TimeoutPolicy policy, SessionTimes admitted) {
		HttpSession session = request.getSession(false);
		if (this.sessionTracker == null || session == null) {
			return;
		}
		String currentId;
		SessionTimes times;
		try {
			currentId = session.getId();
			if (currentId.equals(sessionId)) {
				return;
			}
			times = SessionTimesAttributes.read(session);
		}
		catch (IllegalStateException | CorruptSessionTimesException ex) {
			return; // invalidated or rewritten meanwhile: its next request or check ends it
		}
		Authentication current = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (times == null || !times.authenticatedAt().equals(admitted.authenticatedAt()) || current == null
				|| !current.getName().equals(authentication.getName())) {
			return; // signed out, or signed in again, which tracked the session under its new id
		}
		String username = authentication.getName();
		TrackedSession tracked = new TrackedSession(currentId, username, policy.deadline(times));
		changeTrackerQuietly((tracker) -> {
			tracker.track(tracked);
			tracker.untrack(username, List.of(sessionId));
		}, "Could not track a session under the id the application gave it; it ends at its next request");
		// looked for once tracked, so that an end recorded before or after this look leaves it untracked
		try {
			if (this.revocations.findSession(currentId).isPresent()) {
				untrackQuietly(username, List.of(currentId));
			}
		}
		catch (RuntimeException ex) {
			// tracked under its new id all the same: its expiry check finds it ended, if it is
			logger.warn("Could not tell whether a session whose id changed was ended meanwhile: " + ex.getMessage());
		}
	}

	/**
	 * Logs the failure of a request whose session ended while it ran: reading a session that the
	 * container invalidated meanwhile is expected; anything else may be the application's own bug.
	 */
	static void logFailure(Exception failure) {
		// Spring MVC hands a handler's or a view's failure on inside a ServletException
		if (NestedExceptionUtils.getMostSpecificCause(failure) instanceof IllegalStateException) {
			logger.debug("A request failed after its session ended while it ran; answered as ended", failure);
		}
		else {
			logger.warn("A request failed after its session ended while it ran; answered as ended", failure);
		}
	}

	/**
	 * Invalidates the request's copy of a session that was ended while the request ran, and
	 * untracks it; a revoked user's session is recorded as ended first, and its event published
	 * if this request recorded it.
	 */
	private void invalidateEnded(HttpSession session, Authentication authentication, String sessionId,
			Optional<Revocation> revoked) {
		end(authentication, sessionId, session.getId(), revoked, () -> {
			try {
				session.invalidate();
			}
			catch (IllegalStateException ex) {
				// invalidated meanwhile: nothing left to save
			}
			catch (RuntimeException ex) {
				// recorded or refused all the same; its store deletes it at its own expiry if not before
				logger.warn("Could not delete a session that was ended while its request ran: " + ex.getMessage());
			}
		});
	}

	/**
	 * Records the end of a session whose user was revoked while its request ran, so that its
	 * event is published once, here or by the force logout that finds it: the force logout
	 * publishes only for the sessions whose end it recorded, and may find this one deleted.
	 * @return whether this request recorded it first
	 */
	private boolean recordEndQuietly(String sessionId, LogoutReason reason) {
		try {
			return this.revocations.revokeSession(sessionId, reason);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the end of a session whose user was revoked while its request ran: "
					+ ex.getMessage());
			return false;
		}
	}

	private void publishQuietly(AutoLogoutEvent event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of the end of a session whose request had run failed: " + ex.getMessage());
		}
	}

	private void untrackQuietly(String username, List<String> sessionIds) {
		changeTrackerQuietly((tracker) -> tracker.untrack(username, sessionIds),
				"Could not stop tracking a session that ended while its request ran; its user counts as present "
						+ "until its deadline");
	}

	private void changeTrackerQuietly(Consumer<SessionTracker> change, String failure) {
		if (this.sessionTracker == null) {
			return;
		}
		try {
			change.accept(this.sessionTracker);
		}
		catch (RuntimeException ex) {
			logger.warn(failure + ": " + ex.getMessage());
		}
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	void setSessionTracker(@Nullable SessionTracker sessionTracker) {
		this.sessionTracker = sessionTracker;
	}

}

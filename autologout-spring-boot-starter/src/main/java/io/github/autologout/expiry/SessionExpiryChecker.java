package io.github.autologout.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTimes;
import io.github.autologout.core.SessionTracker;
import io.github.autologout.core.TrackedSession;
import io.github.autologout.security.SessionEndPolicy;
import io.github.autologout.security.SessionTimesAttributes;
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import io.github.autologout.session.ConcurrentCalls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.TaskUtils;

/**
 * Ends sessions whose idle or absolute deadline has passed, without waiting for a request.
 * <p>
 * Every {@link #setInterval(Duration) interval} (one second by default) it claims the tracked
 * sessions that are due from the {@link SessionTracker}, so that across a cluster each is
 * checked by one node only. A due session that has ended is deleted from its store and
 * forgotten by the tracker and, unless a request or another node recorded its end in the
 * {@link RevocationRegistry} first, an {@link AutoLogoutEvent} is published; a session still live
 * is tracked again at its real deadline. Then the claim's users are released: a claim only leases
 * what it returns, so that what a node killed halfway through a pass claimed is checked by
 * another node once the lease lapses. The cost of a pass grows with the sessions due, not with
 * all sessions. A claimed session that cannot be read or ended is checked again one interval
 * later; one that cannot be tracked again, the store having failed meanwhile, is kept in this
 * node's memory and tracked at the next pass; one whose check fails otherwise is tracked again at
 * the end of the claim's lease, or, where the tracker keeps one instant per user, at the next
 * check of its user if that comes first. The end of a session is recorded in the registry before
 * the session is deleted.
 */
public final class SessionExpiryChecker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SessionExpiryChecker.class);

	private static final int BATCH_SIZE = 500;

	private final SessionTracker tracker;

	private final SessionLookup sessions;

	private final SessionEndPolicy endPolicy;

	private final RevocationRegistry revocations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private Duration interval = Duration.ofSeconds(1);

	/** How long {@link #stop()} lets a running pass finish before it interrupts it. */
	private Duration stopTimeout = Duration.ofSeconds(10);

	private @Nullable Executor sessionExecutor;

	private @Nullable ScheduledExecutorService executor;

	/** Sessions this node claimed but could not track again, by id: tracked again at the next pass. */
	private final Map<String, TrackedSession> toTrackAgain = new ConcurrentHashMap<>();

	/**
	 * Creates a checker.
	 * @param tracker the tracked sessions
	 * @param sessions the store of the sessions
	 * @param endPolicy decides whether a session has ended
	 * @param revocations where ended session ids are remembered, so their next request is told why
	 * @param events where {@link AutoLogoutEvent}s are published
	 * @param clock the source of the current instant
	 */
	public SessionExpiryChecker(SessionTracker tracker, SessionLookup sessions, SessionEndPolicy endPolicy,
			RevocationRegistry revocations, ApplicationEventPublisher events, Clock clock) {
		this.tracker = tracker;
		this.sessions = sessions;
		this.endPolicy = endPolicy;
		this.revocations = revocations;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Sets how often due sessions are checked; this bounds how late after its deadline a session
	 * ends without a request.
	 * @param interval the interval, one second by default
	 */
	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	/**
	 * Sets how long {@link #stop()} lets a running pass finish before it interrupts it.
	 * @param stopTimeout the time, ten seconds by default
	 */
	void setStopTimeout(Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
	}

	/**
	 * Sets the executor on which the sessions of one claim are checked concurrently, as a tracker
	 * that keeps one check per user claims all sessions of a due user at once, and on which the
	 * due users' sessions are read.
	 * @param sessionExecutor the executor, or {@code null} to check them one after the other
	 */
	public void setSessionExecutor(@Nullable Executor sessionExecutor) {
		this.sessionExecutor = sessionExecutor;
	}

	/**
	 * Checks every session that is due now.
	 * @return how many sessions this node ended
	 */
	public int checkDue() {
		return checkDue(() -> false);
	}

	/**
	 * Checks every session that is due now, claiming no further batch once told to stop.
	 */
	private int checkDue(BooleanSupplier stopping) {
		try {
			trackAgainThoseThatFailed();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not track again sessions that an earlier pass claimed: " + ex.getMessage());
		}
		int ended = 0;
		List<TrackedSession> due;
		do {
			Instant now = this.clock.instant();
			due = this.tracker.claimDue(now, BATCH_SIZE);
			Map<String, Function<String, Optional<StoredSession>>> readers = readersByUser(due);
			List<Checked> checked = ConcurrentCalls.callAll(this.sessionExecutor, due,
					(session) -> checkOrRetryAtTheLeasesEnd(session, readers.get(session.username()), now));
			Set<String> released = new HashSet<>(readers.keySet());
			for (int i = 0; i < due.size(); i++) {
				if (checked.get(i).keepsLease()) {
					released.remove(due.get(i).username());
				}
			}
			releaseQuietly(released);
			ended += (int) checked.stream().filter(Checked::ended).count();
		}
		while (!due.isEmpty() && !stopping.getAsBoolean());
		return ended;
	}

	/**
	 * A reader per user of the claimed sessions, so that a store that reads all sessions of a user
	 * in one query, as a tracker that keeps one check per user claims them, does so once. The
	 * readers are made on the session executor too, so that the users' queries run concurrently.
	 */
	private Map<String, Function<String, Optional<StoredSession>>> readersByUser(List<TrackedSession> due) {
		List<Map.Entry<String, List<String>>> users = List.copyOf(due.stream()
			.collect(Collectors.groupingBy(TrackedSession::username,
					Collectors.mapping(TrackedSession::sessionId, Collectors.toList())))
			.entrySet());
		List<Function<String, Optional<StoredSession>>> made = ConcurrentCalls.callAll(this.sessionExecutor, users,
				(user) -> readerOf(user.getKey(), user.getValue()));
		Map<String, Function<String, Optional<StoredSession>>> readers = new HashMap<>();
		for (int i = 0; i < users.size(); i++) {
			readers.put(users.get(i).getKey(), made.get(i));
		}
		return readers;
	}

	private Function<String, Optional<StoredSession>> readerOf(String username, List<String> sessionIds) {
		try {
			return this.sessions.readerOf(username, sessionIds);
		}
		catch (RuntimeException ex) {
			// each session is then read on its own, and checked again later if that fails too
			logger.debug("Could not read the sessions of a due user at once, reading them one by one: "
					+ ex.getMessage());
			return this.sessions::find;
		}
	}

	/**
	 * Checks a claimed session; one that fails unexpectedly is tracked again at the end of the
	 * claim's lease, as a tracker that keeps one instant per user would otherwise let the tracking
	 * of the user's other sessions replace the lease with their later deadline, or keeps its lease
	 * where even that fails.
	 */
	private Checked checkOrRetryAtTheLeasesEnd(TrackedSession tracked,
			Function<String, Optional<StoredSession>> reader, Instant now) {
		try {
			return check(tracked, reader, now);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check a due session; it is checked again in " + SessionTracker.CLAIM_LEASE
					+ ": " + ex);
			return trackAgain(new TrackedSession(tracked.sessionId(), tracked.username(),
					now.plus(SessionTracker.CLAIM_LEASE)));
		}
	}

	/**
	 * Tracks a live session again, or ends a session past its deadline, or forgets one that ended
	 * elsewhere.
	 */
	private Checked check(TrackedSession tracked, Function<String, Optional<StoredSession>> reader, Instant now) {
		Optional<StoredSession> stored;
		try {
			stored = reader.apply(tracked.sessionId());
		}
		catch (CorruptSessionTimesException | UnreadableSessionException ex) {
			logger.warn("Ending a session that cannot be read: " + ex.getMessage());
			return endOrCheckAgain(tracked, tracked.sessionId(), tracked.username(), LogoutReason.ABSOLUTE, now, now);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read session to check its expiry, trying again later: " + ex.getMessage());
			return trackAgain(new TrackedSession(tracked.sessionId(), tracked.username(), now.plus(this.interval)));
		}
		if (stored.isEmpty()) {
			forgetQuietly(tracked, tracked.sessionId()); // ended elsewhere, such as by a logout
			return Checked.DONE;
		}
		StoredSession session = stored.get();
		SessionTimes times = (session.times() != null) ? session.times() : SessionTimes.authenticatedAt(now);
		if (SessionTimesAttributes.isAhead(times, now)) {
			// corrupt, as the filter finds them at its next request: a deadline out of any tracker's range
			logger.warn("Ending a session whose autologout times are ahead of this node's clock: " + times);
			return endOrCheckAgain(tracked, session.id(), session.authentication().getName(), LogoutReason.ABSOLUTE,
					now, now);
		}
		Optional<LogoutReason> reason = this.endPolicy.endReason(session.authentication(), times, now);
		String username = session.authentication().getName();
		if (reason.isPresent()) {
			return endOrCheckAgain(tracked, session.id(), username, reason.get(), times.lastActivity(), now);
		}
		Instant deadline = this.endPolicy.policy(session.authentication()).deadline(times);
		Checked checked = trackAgain(new TrackedSession(session.id(), username, deadline));
		boolean trackedElsewhere = !session.id().equals(tracked.sessionId()) || !username.equals(tracked.username());
		if (!checked.keepsLease() && trackedElsewhere) {
			forgetQuietly(tracked, tracked.sessionId()); // tracked under its current id and user instead
		}
		return checked;
	}

	/**
	 * Ends the session, or, if its store fails, tracks it to be checked again one interval later.
	 */
	private Checked endOrCheckAgain(TrackedSession tracked, String sessionId, String username, LogoutReason reason,
			Instant lastSeen, Instant now) {
		try {
			return end(tracked, sessionId, username, reason, lastSeen);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not end a session past its deadline, trying again later: " + ex.getMessage());
			return trackAgain(new TrackedSession(sessionId, username, now.plus(this.interval)));
		}
	}

	/**
	 * Tracks a claimed session again, or keeps it for the next pass if the tracker's store fails,
	 * so that a session claimed as the store became unavailable is not forgotten; its lease is
	 * then kept too.
	 */
	private Checked trackAgain(TrackedSession session) {
		try {
			this.tracker.track(session);
			this.toTrackAgain.remove(session.sessionId());
			return Checked.DONE;
		}
		catch (RuntimeException ex) {
			this.toTrackAgain.put(session.sessionId(), session);
			return Checked.LEASE_KEPT;
		}
	}

	/**
	 * Forgets a claimed session that is no longer tracked as it was claimed, under its current id
	 * too where that differs. One that fails is checked again when its lease lapses, and is then
	 * found ended.
	 */
	private void forgetQuietly(TrackedSession tracked, String currentId) {
		List<String> ids = currentId.equals(tracked.sessionId()) ? List.of(currentId)
				: List.of(tracked.sessionId(), currentId);
		try {
			this.tracker.forget(tracked.username(), ids);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not forget an ended session; it is checked again when its claim lapses: "
					+ ex.getMessage());
		}
	}

	/**
	 * Ends the leases of the claim's users whose sessions are now tracked again or forgotten. One
	 * that fails lapses, and the users are then checked again.
	 */
	private void releaseQuietly(Collection<String> usernames) {
		if (usernames.isEmpty()) {
			return;
		}
		try {
			this.tracker.release(usernames);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release the users of a claim; they are checked again when it lapses: "
					+ ex.getMessage());
		}
	}

	private void publishQuietly(AutoLogoutEvent event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of an AutoLogoutEvent failed: " + ex);
		}
	}

	private void trackAgainThoseThatFailed() {
		RuntimeException failure = null;
		for (TrackedSession session : List.copyOf(this.toTrackAgain.values())) {
			try {
				this.tracker.track(session);
				this.toTrackAgain.remove(session.sessionId(), session);
			}
			catch (RuntimeException ex) {
				// one that cannot be tracked must not keep the others, or the pass, from going on
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Records the session's end, deletes it, forgets it and, if no request or node recorded its end
	 * first, publishes its event. The end is recorded before the session is gone, so that its next
	 * request, on any node, is told why, and a session whose end cannot be recorded is left to be
	 * checked again; one recorded here whose delete fails gets its event all the same, since no
	 * later check or request can record it again, and is deleted by the next.
	 */
	private Checked end(TrackedSession tracked, String sessionId, String username, LogoutReason reason,
			Instant lastSeen) {
		boolean recordedHere = this.revocations.revokeSession(sessionId, reason);
		try {
			this.sessions.delete(sessionId);
			forgetQuietly(tracked, sessionId);
		}
		finally {
			if (recordedHere) {
				seenQuietly(username, lastSeen);
				publishQuietly(new AutoLogoutEvent(this, username, sessionId, reason));
			}
		}
		return recordedHere ? Checked.ENDED : Checked.DONE;
	}

	/**
	 * Records when the user of an ended session was last seen; a failure must not keep its event,
	 * which no other node publishes once its end is recorded, from being published.
	 */
	private void seenQuietly(String username, Instant lastSeen) {
		try {
			this.tracker.seen(username, lastSeen);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record when the user of an ended session was last seen: " + ex.getMessage());
		}
	}

	/**
	 * What checking a claimed session came to.
	 *
	 * @param ended whether this node recorded the session's end
	 * @param keepsLease whether the claim's lease of the session's user is to lapse rather than be
	 * released, as the session could not be checked or tracked again
	 */
	private record Checked(boolean ended, boolean keepsLease) {

		static final Checked DONE = new Checked(false, false);

		static final Checked ENDED = new Checked(true, false);

		static final Checked LEASE_KEPT = new Checked(false, true);

	}

	private void checkQuietly(BooleanSupplier stopping) {
		try {
			checkDue(stopping);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check sessions for expiry: " + ex.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "autologout-expiry");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		// an Error, which a listener of the events may throw, is logged too: a periodic task that
		// throws anything is never run again, and sessions would stop ending without a request
		Runnable pass = TaskUtils.decorateTaskWithErrorHandler(() -> checkQuietly(executor::isShutdown), null, true);
		executor.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Stops checking, once the running pass, if any, has tracked again what it claimed: a pass
	 * interrupted halfway would leave its claimed sessions to be checked again only when the
	 * claim's lease lapses (Lettuce fails most calls made on an interrupted thread after Redis has
	 * carried them out, a claim among them). The pass claims no further batch. One still running
	 * after ten seconds, or when the stopping thread is interrupted, is interrupted, and what it
	 * could not track again by the time it ends, one second later at most, is tracked from the
	 * stopping thread.
	 */
	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return;
		}
		this.executor = null;
		executor.shutdown();
		boolean interrupted = false;
		try {
			if (!executor.awaitTermination(this.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Interrupting an expiry pass still running after " + this.stopTimeout.toMillis() + " ms");
				interrupted = interruptAndAwait(executor);
			}
		}
		catch (InterruptedException ex) {
			interruptAndAwait(executor);
			interrupted = true;
		}
		trackAgainThoseThatFailedBeforeStopping();
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Interrupts the running pass and waits a second at most for it to end.
	 * @return whether the stopping thread was interrupted while it waited
	 */
	private static boolean interruptAndAwait(ExecutorService executor) {
		executor.shutdownNow();
		try {
			if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
				logger.warn("An expiry pass still runs after it was interrupted: the sessions it claims or fails to "
						+ "track again from now on are checked again when their claims lapse");
			}
			return false;
		}
		catch (InterruptedException ex) {
			return true;
		}
	}

	private void trackAgainThoseThatFailedBeforeStopping() {
		try {
			trackAgainThoseThatFailed();
		}
		catch (RuntimeException ex) {
			logger.warn(this.toTrackAgain.size() + " sessions that a pass claimed could not be tracked again; they are "
					+ "checked again when their claims lapse: " + ex.getMessage());
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}

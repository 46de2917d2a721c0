package io.github.autologout.expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import io.github.autologout.security.SessionTimesAttributes.CorruptSessionTimesException;
import io.github.autologout.session.ConcurrentCalls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Ends sessions whose idle or absolute deadline has passed, without waiting for a request.
 * <p>
 * Every {@link #setInterval(Duration) interval} (one second by default) it claims the tracked
 * sessions that are due from the {@link SessionTracker}, so that across a cluster each is
 * checked by one node only. A due session that has ended is deleted from its store and untracked
 * and, unless a request or another node recorded its end in the {@link RevocationRegistry}
 * first, an {@link AutoLogoutEvent} is published; a session still live is tracked again at its
 * real deadline. Then the claim's users are released: a claim only leases what it returns, so
 * that what a node killed halfway through a pass claimed is checked by another node once the
 * lease lapses. The cost of a pass grows with the sessions due, not with all sessions. A claimed
 * session that cannot be read or ended is checked again one interval later, and one that cannot
 * be tracked again, the store having failed meanwhile, is kept in this node's memory and tracked
 * at the next pass.
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
		trackAgainThoseThatFailed();
		int ended = 0;
		List<TrackedSession> due;
		do {
			Instant now = this.clock.instant();
			due = this.tracker.claimDue(now, BATCH_SIZE);
			Map<String, Function<String, Optional<StoredSession>>> readers = readersByUser(due);
			List<Checked> checked = ConcurrentCalls.callAll(this.sessionExecutor, due,
					(session) -> check(session, readers.get(session.username()), now));
			ConcurrentCalls.callAll(this.sessionExecutor,
					checked.stream().map(Checked::trackAgain).filter(Objects::nonNull).toList(), this::trackAgain);
			// once tracked again, which a release must not forget
			releaseQuietly(readers.keySet());
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
	 * Checks a claimed session, ending it or untracking it if it has ended; what is to be tracked
	 * again is left to the caller.
	 */
	private Checked check(TrackedSession tracked, Function<String, Optional<StoredSession>> reader, Instant now) {
		Optional<StoredSession> stored;
		try {
			stored = reader.apply(tracked.sessionId());
		}
		catch (CorruptSessionTimesException ex) {
			return endOrCheckAgain(tracked, tracked.sessionId(), tracked.username(), LogoutReason.ABSOLUTE, now, now);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read session to check its expiry, trying again later: " + ex.getMessage());
			return Checked.again(new TrackedSession(tracked.sessionId(), tracked.username(),
					now.plus(this.interval)));
		}
		if (stored.isEmpty()) {
			untrackQuietly(tracked, tracked.sessionId()); // ended elsewhere, such as by a logout
			return Checked.NOTHING;
		}
		StoredSession session = stored.get();
		SessionTimes times = (session.times() != null) ? session.times() : SessionTimes.authenticatedAt(now);
		Optional<LogoutReason> reason = this.endPolicy.endReason(session.authentication(), times, now);
		String username = session.authentication().getName();
		if (reason.isPresent()) {
			return endOrCheckAgain(tracked, session.id(), username, reason.get(), times.lastActivity(), now);
		}
		Instant deadline = this.endPolicy.policy(session.authentication()).deadline(times);
		TrackedSession live = new TrackedSession(session.id(), username, deadline);
		if (!live.sessionId().equals(tracked.sessionId()) || !live.username().equals(tracked.username())) {
			untrackQuietly(tracked, tracked.sessionId()); // tracked under its current id and user instead
		}
		return Checked.again(live);
	}

	/**
	 * Ends the session, or, if its store fails, has it tracked to be checked again one interval
	 * later.
	 */
	private Checked endOrCheckAgain(TrackedSession tracked, String sessionId, String username, LogoutReason reason,
			Instant lastSeen, Instant now) {
		try {
			return end(tracked, sessionId, username, reason, lastSeen) ? Checked.ENDED : Checked.NOTHING;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not end a session past its deadline, trying again later: " + ex.getMessage());
			return Checked.again(new TrackedSession(sessionId, username, now.plus(this.interval)));
		}
	}

	/**
	 * Tracks a claimed session again, or keeps it for the next pass if the tracker's store fails,
	 * so that a session claimed as the store became unavailable is not forgotten.
	 */
	private TrackedSession trackAgain(TrackedSession session) {
		try {
			this.tracker.track(session);
			this.toTrackAgain.remove(session.sessionId());
		}
		catch (RuntimeException ex) {
			this.toTrackAgain.put(session.sessionId(), session);
		}
		return session;
	}

	/**
	 * Ends the claim of a session that is no longer tracked as it was claimed, and untracks it
	 * under its current id too where that differs. One that fails is due again when its lease
	 * lapses, and is then found ended.
	 */
	private void untrackQuietly(TrackedSession tracked, String currentId) {
		List<String> ids = currentId.equals(tracked.sessionId()) ? List.of(currentId)
				: List.of(tracked.sessionId(), currentId);
		try {
			this.tracker.untrack(tracked.username(), ids);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not untrack an ended session; it is checked again when its claim lapses: "
					+ ex.getMessage());
		}
	}

	/**
	 * Ends the leases of the claim's users, now that their live sessions are tracked again and
	 * their ended ones untracked. One that fails lapses, and the users are then checked again.
	 */
	private void releaseQuietly(Collection<String> usernames) {
		try {
			this.tracker.release(usernames);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release the users of a claim; they are checked again when it lapses: "
					+ ex.getMessage());
		}
	}

	private void trackAgainThoseThatFailed() {
		for (TrackedSession session : List.copyOf(this.toTrackAgain.values())) {
			this.tracker.track(session);
			this.toTrackAgain.remove(session.sessionId(), session);
		}
	}

	/**
	 * Deletes the session, ends the claim of it and, if no request or node recorded its end first,
	 * publishes its event.
	 * @return whether this call recorded the end
	 */
	private boolean end(TrackedSession tracked, String sessionId, String username, LogoutReason reason,
			Instant lastSeen) {
		this.sessions.delete(sessionId);
		untrackQuietly(tracked, sessionId);
		if (!this.revocations.revokeSession(sessionId, reason)) {
			return false;
		}
		this.tracker.seen(username, lastSeen);
		this.events.publishEvent(new AutoLogoutEvent(this, username, sessionId, reason));
		return true;
	}

	/**
	 * What checking a claimed session came to.
	 *
	 * @param ended whether this node recorded the session's end
	 * @param trackAgain the session to track again, or {@code null} if it has ended
	 */
	private record Checked(boolean ended, @Nullable TrackedSession trackAgain) {

		static final Checked ENDED = new Checked(true, null);

		static final Checked NOTHING = new Checked(false, null);

		static Checked again(TrackedSession session) {
			return new Checked(false, session);
		}

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
		executor.scheduleWithFixedDelay(() -> checkQuietly(executor::isShutdown), millis, millis,
				TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Stops checking, once the running pass, if any, has tracked again what it claimed: a pass
	 * interrupted halfway would leave its claimed sessions in no tracker, where no node checks
	 * them again (Lettuce fails most calls made on an interrupted thread after Redis has carried
	 * them out, a claim among them, whose sessions are then lost). The pass claims no further
	 * batch. One still running after ten seconds, or when the stopping thread
	 * is interrupted, is interrupted, and what it could not track again by the time it ends, one
	 * second later at most, is tracked from the stopping thread.
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
						+ "track again from now on are left to their next requests and their store's own expiry");
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
			logger.warn(this.toTrackAgain.size() + " sessions that a pass claimed are left untracked, to be ended by "
					+ "their next request or their store's own expiry: " + ex.getMessage());
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}

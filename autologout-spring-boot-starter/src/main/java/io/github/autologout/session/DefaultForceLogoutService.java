package io.github.autologout.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.autologout.AutoLogoutEvent;
import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.core.RevocationRegistry;
import io.github.autologout.core.SessionTracker;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The {@link ForceLogoutService} of any session store: revokes in the {@link RevocationRegistry}
 * first, removes persistent remember-me tokens, then ends the sessions the {@link SessionIndex}
 * finds.
 */
public final class DefaultForceLogoutService implements ForceLogoutService {

	private static final Comparator<SessionInfo> LISTING_ORDER = Comparator
		.comparing(SessionInfo::current, Comparator.reverseOrder())
		.thenComparing(SessionInfo::lastActivity, Comparator.nullsLast(Comparator.reverseOrder()))
		.thenComparing(SessionInfo::createdAt, Comparator.reverseOrder());

	private final SessionIndex sessions;

	private final RevocationRegistry revocations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private List<PersistentTokenRepository> tokenRepositories = List.of();

	private @Nullable SessionTracker sessionTracker;

	/**
	 * Creates the service.
	 * @param sessions the sessions of the store
	 * @param revocations where revocations are recorded, the registry the filters check
	 * @param events where to publish an {@link AutoLogoutEvent} per ended session
	 * @param clock the source of the revocations' instants
	 */
	public DefaultForceLogoutService(SessionIndex sessions, RevocationRegistry revocations,
			ApplicationEventPublisher events, Clock clock) {
		Assert.notNull(sessions, "sessions must not be null");
		Assert.notNull(revocations, "revocations must not be null");
		Assert.notNull(events, "events must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.sessions = sessions;
		this.revocations = revocations;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Sets the repositories of persistent remember-me tokens whose tokens of a logged out user
	 * are removed.
	 * @param tokenRepositories the repositories
	 */
	public void setPersistentTokenRepositories(Collection<? extends PersistentTokenRepository> tokenRepositories) {
		Assert.notNull(tokenRepositories, "tokenRepositories must not be null");
		this.tokenRepositories = List.copyOf(tokenRepositories);
	}

	/**
	 * Sets the tracker of sessions that ended sessions are removed from, so that they stop
	 * counting as online at once.
	 * @param sessionTracker the tracker, or {@code null} for none
	 */
	public void setSessionTracker(@Nullable SessionTracker sessionTracker) {
		this.sessionTracker = sessionTracker;
	}

	@Override
	public int logout(String username, LogoutReason reason) {
		Revocation revocation = new Revocation(this.clock.instant(), reason);
		if (!StringUtils.hasText(username)) {
			return 0;
		}
		this.revocations.revokeUser(username, revocation);
		removeRememberMeTokens(username);
		return end(this.sessions.findByUsername(username), reason, revocation);
	}

	@Override
	public boolean logoutSession(String sessionId) {
		return logoutSession(sessionId, LogoutReason.FORCED);
	}

	@Override
	public boolean logoutSession(String sessionId, LogoutReason reason) {
		Revocation.checkReason(reason);
		if (!StringUtils.hasText(sessionId)) {
			return false;
		}
		Optional<SessionInfo> session = this.sessions.findById(sessionId);
		return session.isPresent() && end(List.of(session.get()), reason, null) == 1;
	}

	@Override
	public int logoutOtherSessions(String username, @Nullable String currentSessionId, LogoutReason reason) {
		Revocation all = new Revocation(this.clock.instant(), reason);
		if (!StringUtils.hasText(username)) {
			return 0;
		}
		Optional<SessionInfo> current = (currentSessionId != null) ? this.sessions.findById(currentSessionId)
			.filter((session) -> session.username().equals(username)) : Optional.empty();
		// refuses every login before now, remember-me cookies of newer devices too, but the current session's
		Revocation revocation = current
			.map((session) -> new Revocation(all.notBefore(), reason, session.authenticatedAtOrCreated()))
			.orElse(all);
		this.revocations.revokeUser(username, revocation);
		removeRememberMeTokens(username);
		List<SessionInfo> others = new ArrayList<>(this.sessions.findByUsername(username));
		current.ifPresent((session) -> others.removeIf((other) -> other.id().equals(session.id())));
		return end(others, reason, revocation);
	}

	@Override
	public int logoutEveryone() {
		Revocation everyone = new Revocation(this.clock.instant(), LogoutReason.FORCED);
		this.revocations.revokeEveryone(everyone);
		int ended = 0;
		for (UserSessions user : this.sessions.users()) {
			removeRememberMeTokens(user.username());
			ended += end(this.sessions.findByUsername(user.username()), LogoutReason.FORCED, everyone);
		}
		return ended;
	}

	@Override
	public List<SessionInfo> sessions(String username, @Nullable String currentSessionId) {
		if (!StringUtils.hasText(username)) {
			return List.of();
		}
		return this.sessions.findByUsername(username)
			.stream()
			.map((session) -> session.withCurrent(session.id().equals(currentSessionId)))
			.sorted(LISTING_ORDER)
			.toList();
	}

	@Override
	public List<UserSessions> users() {
		return this.sessions.users().stream().sorted(Comparator.comparing(UserSessions::username)).toList();
	}

	/**
	 * Records the sessions' ends, deletes them and publishes an event for each whose end this
	 * call recorded: a session whose end a request or the expiry pass recorded first has its event
	 * from there. A session that the user's revocation refuses has ended by that revocation even
	 * where a request of it, refused by it, deleted it before this call could, so it counts here
	 * too, where its end was recorded here.
	 */
	private int end(List<SessionInfo> sessions, LogoutReason reason, @Nullable Revocation userRevocation) {
		if (sessions.isEmpty()) {
			return 0;
		}
		// remembered first, so that each session's next request is told why even if it comes at once
		Set<String> recorded = this.revocations.revokeSessions(sessions.stream().map(SessionInfo::id).toList(),
				reason);
		List<SessionInfo> ended = this.sessions.invalidateAll(sessions);
		if (this.sessionTracker != null && !ended.isEmpty()) {
			ended.stream()
				.collect(Collectors.groupingBy(SessionInfo::username,
						Collectors.mapping(SessionInfo::id, Collectors.toList())))
				.forEach(this.sessionTracker::untrack);
		}
		Set<String> deleted = ended.stream().map(SessionInfo::id).collect(Collectors.toSet());
		List<SessionInfo> endedHere = sessions.stream()
			.filter((session) -> recorded.contains(session.id()) && (deleted.contains(session.id())
					|| (userRevocation != null && userRevocation.refuses(session.authenticatedAtOrCreated()))))
			.toList();
		for (SessionInfo session : endedHere) {
			this.events.publishEvent(new AutoLogoutEvent(this, session.username(), session.id(), reason));
		}
		return endedHere.size() + endedFirstByTheirRequests(sessions, recorded, reason, userRevocation);
	}

	/**
	 * How many of the sessions a request of theirs ended first, refused by this call's
	 * revocation of their user while it ran, and recorded with this call's reason: ended by this
	 * call too, with their events from those requests.
	 */
	private int endedFirstByTheirRequests(List<SessionInfo> sessions, Set<String> recorded, LogoutReason reason,
			@Nullable Revocation userRevocation) {
		if (userRevocation == null) {
			return 0;
		}
		return (int) sessions.stream()
			.filter((session) -> !recorded.contains(session.id())
					&& userRevocation.refuses(session.authenticatedAtOrCreated()))
			.filter((session) -> recordedWith(session.id(), reason))
			.count();
	}

	/** Whether the session's end is recorded with the reason; a store that cannot tell counts it not. */
	private boolean recordedWith(String sessionId, LogoutReason reason) {
		try {
			return this.revocations.findSession(sessionId).filter(reason::equals).isPresent();
		}
		catch (RuntimeException ex) {
			return false; // the sessions have ended; only the count is short
		}
	}

	private void removeRememberMeTokens(String username) {
		for (PersistentTokenRepository repository : this.tokenRepositories) {
			repository.removeUserTokens(username);
		}
	}

}

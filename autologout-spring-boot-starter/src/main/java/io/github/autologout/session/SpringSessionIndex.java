package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.github.autologout.core.SessionTracker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A {@link SessionIndex} over a Spring Session {@link SessionRepository}, such as Redis or JDBC,
 * shared by every node.
 * <p>
 * A user's sessions are found through the repository's principal index where it has one: by the
 * ids that a {@link #setPrincipalSessionIds(PrincipalSessionIds) PrincipalSessionIds} reads from
 * it, or else through {@link FindByIndexNameSessionRepository#findByPrincipalName}; without
 * one, through autologout's {@link SessionTracker}, which knows the sessions that authenticated
 * since autologout was added. Either way the cost grows with that user's sessions, never with all
 * sessions.
 * <p>
 * With an {@link #setExecutor(Executor) executor}, the sessions of one call are deleted (and,
 * where they are found by id, read) concurrently, so that ending ten sessions on a networked
 * store takes about as long as ending one: Spring Session's repositories make several sequential round trips
 * per session, and a Lettuce connection pipelines the commands of concurrent callers. Every
 * session is still ended, or has failed, before the call returns.
 *
 * @param <S> the type of the repository's sessions
 */
public final class SpringSessionIndex<S extends Session> implements SessionIndex {

	private static final Log logger = LogFactory.getLog(SpringSessionIndex.class);

	private final SessionRepository<S> repository;

	private final SessionTracker tracker;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private @Nullable Executor executor;

	private @Nullable PrincipalSessionIds principalSessionIds;

	/**
	 * Creates an index.
	 * @param repository the application's session repository
	 * @param tracker the sessions autologout tracks, used where the repository has no principal
	 * index and to list the users with sessions
	 */
	public SpringSessionIndex(SessionRepository<S> repository, SessionTracker tracker) {
		this.repository = repository;
		this.tracker = tracker;
		if (!(repository instanceof FindByIndexNameSessionRepository)) {
			logger.info(ClassUtils.getUserClass(repository).getSimpleName()
					+ " cannot find sessions by user: autologout finds a user's sessions through its own session "
					+ "tracker, which knows those that signed in since autologout was added, and refuses the rest by "
					+ "revocation; an indexed repository (for Redis: spring.session.data.redis.repository-type=indexed) "
					+ "would find every session of a user");
		}
	}

	/**
	 * Sets the executor that runs the repository calls of one {@link #invalidateAll(List)} or
	 * {@link #findByUsername(String)} by ids concurrently. The calling thread makes the
	 * calls that no thread of the executor has started, those it rejects too, and returns when
	 * all have ended.
	 * @param executor the executor, or {@code null} to call the repository sequentially
	 */
	public void setExecutor(@Nullable Executor executor) {
		this.executor = executor;
	}

	/**
	 * Sets the reader of the repository's principal index, whose ids are then read concurrently
	 * instead of through {@code findByPrincipalName}, which reads them one after the other.
	 * @param principalSessionIds the reader, or {@code null} to use {@code findByPrincipalName}
	 */
	public void setPrincipalSessionIds(@Nullable PrincipalSessionIds principalSessionIds) {
		this.principalSessionIds = principalSessionIds;
	}

	@Override
	public List<SessionInfo> findByUsername(String username) {
		// findByPrincipalName reads its sessions one after the other; the ids alone are read concurrently
		boolean byPrincipalName = this.principalSessionIds == null
				&& this.repository instanceof FindByIndexNameSessionRepository<?>;
		Collection<? extends @Nullable Session> found = byPrincipalName
				? ((FindByIndexNameSessionRepository<?>) this.repository).findByPrincipalName(username).values()
				: ConcurrentCalls.callAll(this.executor, List.copyOf(sessionIds(username)), this.repository::findById);
		List<SessionInfo> sessions = new ArrayList<>(found.size());
		for (Session session : found) {
			Session whole = (byPrincipalName && !hasSecurityContext(session))
					? this.repository.findById(session.getId()) : session;
			describe(whole, username).filter((info) -> info.username().equals(username)).ifPresent(sessions::add);
		}
		return underTheIdsTheRequestGaveThem(sessions, username);
	}

	/**
	 * Lists the current request's session under the id the request gave it, where the repository
	 * still has it under the id the request came with: Spring Session saves the change when the
	 * request ends, and a user who signs in again, whose login's success handler ends the user's
	 * other sessions, must not end the one the login keeps.
	 */
	private List<SessionInfo> underTheIdsTheRequestGaveThem(List<SessionInfo> sessions, String username) {
		HttpServletRequest request = currentRequest();
		HttpSession session = (request != null) ? request.getSession(false) : null;
		String cameWith = (request != null) ? request.getRequestedSessionId() : null;
		if (session == null || cameWith == null || cameWith.equals(session.getId())
				|| sessions.stream().noneMatch((info) -> info.id().equals(cameWith))) {
			return sessions;
		}
		List<SessionInfo> renamed = new ArrayList<>(sessions);
		renamed.removeIf((info) -> info.id().equals(cameWith));
		describe(session).filter((info) -> info.username().equals(username)).ifPresent(renamed::add);
		return renamed;
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	private Set<String> sessionIds(String username) {
		return (this.principalSessionIds != null) ? this.principalSessionIds.find(username)
				: this.tracker.sessionIds(username);
	}

	/**
	 * Whether a session the principal index returned has its security context: Spring Session
	 * JDBC returns only a part of a session whose rows its query did not get together (see
	 * {@code PrincipalSessionsQueryCustomizer}), which is then read again whole rather than missed.
	 */
	private static boolean hasSecurityContext(Session session) {
		try {
			return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
		}
		catch (RuntimeException ex) {
			return true; // but unreadable, which reading it again does not change
		}
	}

	@Override
	public Optional<SessionInfo> findById(String sessionId) {
		Optional<SessionInfo> stored = describe(this.repository.findById(sessionId), null);
		return stored.isPresent() ? stored : describeRequestSession(sessionId);
	}

	/**
	 * Describes the session of the current request, if it has the given id: Spring Session saves
	 * a session that the request created, or whose id it changed (a login's session fixation
	 * protection), only when the request ends, so the repository does not have it under that id
	 * yet, where a login's success handler that ends the user's other sessions asks for it.
	 */
	private Optional<SessionInfo> describeRequestSession(String sessionId) {
		HttpServletRequest request = currentRequest();
		HttpSession session = (request != null) ? request.getSession(false) : null;
		return (session != null && session.getId().equals(sessionId)) ? describe(session) : Optional.empty();
	}

	/** Describes a session of the current request, if it has an authenticated user. */
	private Optional<SessionInfo> describe(HttpSession session) {
		try {
			String username = username(session::getAttribute);
			return (username != null) ? Optional.of(SessionInfo.of(session.getId(), username,
					Instant.ofEpochMilli(session.getCreationTime()), session::getAttribute)) : Optional.empty();
		}
		catch (IllegalStateException ex) {
			return Optional.empty(); // invalidated meanwhile
		}
	}

	/**
	 * Describes a session of an authenticated user. A session whose security context cannot be
	 * read (its classes changed since it was saved, say), which signs in no one, is described as
	 * the session of the user whose index it was found in, so that a force logout of that user
	 * still ends it; found by id, it is no one's.
	 */
	private Optional<SessionInfo> describe(@Nullable Session session, @Nullable String indexedUsername) {
		if (session == null) {
			return Optional.empty();
		}
		String username;
		try {
			username = username(session::getAttribute);
		}
		catch (RuntimeException ex) {
			logger.warn("Found a session whose security context cannot be read: " + ex.getMessage());
			username = indexedUsername;
		}
		if (username == null) {
			return Optional.empty();
		}
		return Optional.of(SessionInfo.of(session.getId(), username, session.getCreationTime(), session::getAttribute));
	}

	private @Nullable String username(Function<String, @Nullable Object> attributes) {
		Object context = attributes.apply(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		if (!(context instanceof SecurityContext securityContext)) {
			return null;
		}
		Authentication authentication = securityContext.getAuthentication();
		return this.trustResolver.isAuthenticated(authentication) ? authentication.getName() : null;
	}

	@Override
	public List<UserSessions> users() {
		List<UserSessions> users = new ArrayList<>();
		for (String username : this.tracker.usernames()) {
			List<SessionInfo> sessions = findByUsername(username);
			if (!sessions.isEmpty()) {
				Instant lastActivity = sessions.stream()
					.map(SessionInfo::lastActivity)
					.filter((instant) -> instant != null)
					.max(Instant::compareTo)
					.orElse(null);
				users.add(new UserSessions(username, sessions.size(), lastActivity));
			}
		}
		return users;
	}

	@Override
	public boolean invalidate(String sessionId) {
		if (this.repository.findById(sessionId) == null) {
			return false;
		}
		this.repository.deleteById(sessionId);
		return true;
	}

	/**
	 * Deletes the sessions by id without reading them first: Spring Session's repositories do
	 * nothing for an id that is gone, and cannot tell whether it was, so every given session
	 * counts as ended. Where a deletion fails, the others are still made, and the first failure
	 * is thrown once all have ended, the others added to it as suppressed.
	 */
	@Override
	public List<SessionInfo> invalidateAll(List<SessionInfo> sessions) {
		ConcurrentCalls.callAll(this.executor, sessions, (session) -> {
			this.repository.deleteById(session.id());
			return session;
		});
		return sessions;
	}

}

package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.autologout.core.SessionTracker;
import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.StoredSession;
import io.github.autologout.security.AuthenticatedSessionListener;
import io.github.autologout.security.SessionTimesAttributes;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * A {@link SessionIndex} of the servlet container's own sessions, in the memory of one node.
 * <p>
 * A session is indexed under {@link Authentication#getName()} when autologout sees it
 * authenticate ({@link AuthenticatedSessionListener}): at every login through a chain with
 * autologout (form, remember-me, or any filter that runs the chain's session authentication
 * strategy), and at the first request of a session that authenticated any other way. It is
 * listed only while it still holds an authenticated {@link SecurityContext} of that user, so a
 * logout that keeps the session, or a new login of another user in it, takes it off the user's
 * list at once; it leaves the index when the container destroys it, and, where a
 * {@link #setSessionTracker(SessionTracker) tracker} is set, leaves the tracker too, under every
 * id it had since its first login, so that its user stops counting as present at once whatever
 * invalidated it: a logout, the application's own code, or the container's timeout. A session
 * whose id changed after its login is listed under its current id, and still found under the id it
 * was tracked with, which the expiry checker asks for, and then answered with its current id.
 * <p>
 * The index listens to the container for destroyed sessions only
 * ({@link HttpSessionListener}), not to attribute or id changes: a servlet container that has a
 * listener of those builds an event for every request attribute of every request. Spring Boot
 * registers a bean of this type with its embedded servlet container; elsewhere, register it as a
 * listener of the servlet context. Sessions that reach the container otherwise, such as sessions
 * restored from disk at start-up, are not listed, but the revocations of
 * {@link ForceLogoutService} refuse them all the same.
 */
public final class HttpSessionIndex implements SessionIndex, SessionLookup, HttpSessionListener,
		AuthenticatedSessionListener {

	private static final Log logger = LogFactory.getLog(HttpSessionIndex.class);

	private final Map<String, Entry> sessionsById = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> idsByUsername = new ConcurrentHashMap<>();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final Object monitor = new Object();

	private @Nullable SessionTracker sessionTracker;

	/**
	 * Sets the tracker that the sessions the container destroys are untracked from.
	 * @param sessionTracker the tracker, or {@code null} for none
	 */
	public void setSessionTracker(@Nullable SessionTracker sessionTracker) {
		this.sessionTracker = sessionTracker;
	}

	@Override
	public List<SessionInfo> findByUsername(String username) {
		Set<String> ids = this.idsByUsername.get(username);
		if (ids == null) {
			return List.of();
		}
		Map<String, SessionInfo> sessions = new LinkedHashMap<>();
		for (String id : List.copyOf(ids)) {
			describe(id).filter((session) -> session.username().equals(username))
				.ifPresent((session) -> sessions.put(session.id(), session));
		}
		return List.copyOf(sessions.values());
	}

	@Override
	public Optional<SessionInfo> findById(String sessionId) {
		return describe(sessionId).filter((session) -> session.id().equals(sessionId));
	}

	/**
	 * The session indexed under the given id, under its current id, if it still holds an
	 * authenticated context of the indexed user: a session whose id changed is indexed under its
	 * new id as well.
	 */
	private Optional<SessionInfo> describe(String indexedId) {
		Entry entry = this.sessionsById.get(indexedId);
		if (entry == null) {
			return Optional.empty();
		}
		try {
			HttpSession session = entry.session();
			Authentication authentication = authentication(session);
			if (authentication == null || !entry.username().equals(authentication.getName())) {
				// signed out, or another user's now: that user's login indexed it again
				return Optional.empty();
			}
			String id = indexUnderCurrentId(indexedId, entry, authentication);
			return Optional.of(SessionInfo.of(id, entry.username(), Instant.ofEpochMilli(session.getCreationTime()),
					session::getAttribute));
		}
		catch (IllegalStateException ex) {
			remove(indexedId, entry);
			return Optional.empty();
		}
	}

	/**
	 * The authentication of the session's security context if it is authenticated; the context
	 * is under Spring Security's default attribute name unless the application chose another one.
	 */
	private @Nullable Authentication authentication(HttpSession session) {
		Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		if (context == null) {
			context = Collections.list(session.getAttributeNames())
				.stream()
				.map(session::getAttribute)
				.filter(SecurityContext.class::isInstance)
				.findFirst()
				.orElse(null);
		}
		if (!(context instanceof SecurityContext securityContext)
				|| !this.trustResolver.isAuthenticated(securityContext.getAuthentication())) {
			return null;
		}
		return securityContext.getAuthentication();
	}

	@Override
	public List<UserSessions> users() {
		List<UserSessions> users = new ArrayList<>(this.idsByUsername.size());
		for (String username : this.idsByUsername.keySet()) {
			List<SessionInfo> sessions = findByUsername(username);
			Instant lastActivity = sessions.stream()
				.map(SessionInfo::lastActivity)
				.filter((instant) -> instant != null)
				.max(Instant::compareTo)
				.orElse(null);
			if (!sessions.isEmpty()) {
				users.add(new UserSessions(username, sessions.size(), lastActivity));
			}
		}
		return users;
	}

	@Override
	public boolean invalidate(String sessionId) {
		Entry entry = this.sessionsById.get(sessionId);
		if (entry == null) {
			return false;
		}
		remove(sessionId, entry);
		try {
			entry.session().invalidate();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	@Override
	public Optional<StoredSession> find(String sessionId) {
		Entry entry = this.sessionsById.get(sessionId);
		if (entry == null) {
			return Optional.empty();
		}
		try {
			HttpSession session = entry.session();
			Authentication authentication = authentication(session);
			if (authentication == null) {
				return Optional.empty();
			}
			return Optional.of(new StoredSession(indexUnderCurrentId(sessionId, entry, authentication), authentication,
					SessionTimesAttributes.read(session::getAttribute)));
		}
		catch (IllegalStateException ex) {
			remove(sessionId, entry);
			return Optional.empty();
		}
	}

	@Override
	public void delete(String sessionId) {
		invalidate(sessionId);
	}

	@Override
	public void authenticated(HttpSession session, Authentication authentication) {
		if (!this.trustResolver.isAuthenticated(authentication)) {
			return;
		}
		String id = session.getId();
		synchronized (this.monitor) {
			Entry existing = this.sessionsById.get(id);
			if (existing != null) {
				remove(id, existing);
			}
			put(id, authentication.getName(), session);
		}
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		HttpSession session = event.getSession();
		String id = session.getId();
		Entry entry = this.sessionsById.get(id);
		String username = (entry != null) ? entry.username() : usernameOf(session);
		if (username != null) {
			untrack(username, removeEntriesOf(username, id));
		}
	}

	private @Nullable String usernameOf(HttpSession session) {
		try {
			Authentication authentication = authentication(session);
			return (authentication != null) ? authentication.getName() : null;
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * Removes the user's entries of the session with the given id, including one left under an
	 * earlier id of it by a login again, and returns the ids they were under, the given id among
	 * them.
	 */
	private Set<String> removeEntriesOf(String username, String sessionId) {
		Set<String> removed = new LinkedHashSet<>();
		removed.add(sessionId);
		synchronized (this.monitor) {
			for (String indexedId : List.copyOf(this.idsByUsername.getOrDefault(username, Set.of()))) {
				Entry entry = this.sessionsById.get(indexedId);
				if (entry != null && (indexedId.equals(sessionId) || sessionId.equals(idOf(entry.session())))) {
					remove(indexedId, entry);
					removed.add(indexedId);
				}
			}
		}
		return removed;
	}

	private static @Nullable String idOf(HttpSession session) {
		try {
			return session.getId();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private void untrack(String username, Set<String> sessionIds) {
		if (this.sessionTracker == null) {
			return;
		}
		try {
			this.sessionTracker.untrack(username, sessionIds);
		}
		catch (RuntimeException ex) {
			// the session is invalidated all the same: the expiry checker drops it at its deadline
			logger.warn("Could not stop tracking a destroyed session; its user counts as present until its "
					+ "deadline: " + ex.getMessage());
		}
	}

	/**
	 * Indexes the entry's session under its current id as well, where its id changed since it was
	 * indexed and it is still the entry's user's: it stays under the id it had, which the tracker
	 * may know it by.
	 * @return the current id
	 */
	private String indexUnderCurrentId(String indexedId, Entry entry, Authentication authentication) {
		String id = entry.session().getId();
		if (!id.equals(indexedId) && entry.username().equals(authentication.getName())) {
			synchronized (this.monitor) {
				// not if the session left the index meanwhile, or is indexed under that id already
				if (this.sessionsById.get(indexedId) == entry && !this.sessionsById.containsKey(id)) {
					put(id, entry.username(), entry.session());
				}
			}
		}
		return id;
	}

	private void put(String id, String username, HttpSession session) {
		synchronized (this.monitor) {
			this.sessionsById.put(id, new Entry(username, session));
			this.idsByUsername.computeIfAbsent(username, (name) -> ConcurrentHashMap.newKeySet()).add(id);
		}
	}

	private void remove(String id, Entry entry) {
		synchronized (this.monitor) {
			if (this.sessionsById.remove(id, entry)) {
				this.idsByUsername.computeIfPresent(entry.username(), (name, ids) -> {
					ids.remove(id);
					return ids.isEmpty() ? null : ids;
				});
			}
		}
	}

	private record Entry(String username, HttpSession session) {
	}

}

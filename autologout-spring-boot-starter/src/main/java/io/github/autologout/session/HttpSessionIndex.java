package io.github.autologout.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.autologout.expiry.SessionLookup;
import io.github.autologout.expiry.StoredSession;
import io.github.autologout.security.SessionTimesAttributes;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * A {@link SessionIndex} of the servlet container's own sessions, in the memory of one node,
 * kept up to date by the container's session events.
 * <p>
 * A session is indexed under {@link Authentication#getName()} when an authenticated
 * {@link SecurityContext} is stored in one of its attributes, which is how every login (form,
 * basic, remember-me, or programmatic through the {@code SecurityContextRepository}) reaches the
 * session, whatever filter chain it went through. It leaves the index when the context is
 * removed or replaced by an unauthenticated one, or the session is destroyed, and it follows
 * changes of the session id, such as the one session fixation protection makes at login.
 * <p>
 * Spring Boot registers a bean of this type with its embedded servlet container; elsewhere,
 * register it as a listener of the servlet context. Sessions that reach the container without
 * these events, such as sessions restored from disk at start-up, are not listed, but the
 * revocations of {@link ForceLogoutService} refuse them all the same.
 */
public final class HttpSessionIndex implements SessionIndex, SessionLookup, HttpSessionListener,
		HttpSessionIdListener, HttpSessionAttributeListener {

	private final Map<String, Entry> sessionsById = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> idsByUsername = new ConcurrentHashMap<>();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final Object monitor = new Object();

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
	 * The session indexed under the given id, under its current id: a container that changed
	 * the id without telling gets the entry moved.
	 */
	private Optional<SessionInfo> describe(String indexedId) {
		Entry entry = this.sessionsById.get(indexedId);
		if (entry == null) {
			return Optional.empty();
		}
		try {
			HttpSession session = entry.session();
			String id = session.getId();
			if (!id.equals(indexedId)) {
				synchronized (this.monitor) {
					remove(indexedId, entry);
					put(id, entry.username(), session);
				}
			}
			return Optional.of(SessionInfo.of(id, entry.username(), Instant.ofEpochMilli(session.getCreationTime()),
					session::getAttribute));
		}
		catch (IllegalStateException ex) {
			remove(indexedId, entry);
			return Optional.empty();
		}
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
			Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			if (!(context instanceof SecurityContext securityContext)
					|| !this.trustResolver.isAuthenticated(securityContext.getAuthentication())) {
				return Optional.empty();
			}
			return Optional.of(new StoredSession(sessionId, securityContext.getAuthentication(),
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
	public void sessionDestroyed(HttpSessionEvent event) {
		String id = event.getSession().getId();
		Entry entry = this.sessionsById.get(id);
		if (entry != null) {
			remove(id, entry);
		}
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		synchronized (this.monitor) {
			Entry entry = this.sessionsById.get(oldSessionId);
			if (entry != null) {
				remove(oldSessionId, entry);
				put(event.getSession().getId(), entry.username(), event.getSession());
			}
		}
	}

	@Override
	public void attributeAdded(HttpSessionBindingEvent event) {
		if (event.getValue() instanceof SecurityContext context) {
			update(event.getSession(), context);
		}
	}

	@Override
	public void attributeReplaced(HttpSessionBindingEvent event) {
		Object current = currentValue(event);
		if (current instanceof SecurityContext context) {
			update(event.getSession(), context);
		}
		else if (event.getValue() instanceof SecurityContext) {
			update(event.getSession(), null);
		}
	}

	@Override
	public void attributeRemoved(HttpSessionBindingEvent event) {
		if (event.getValue() instanceof SecurityContext) {
			update(event.getSession(), null);
		}
	}

	private static @Nullable Object currentValue(HttpSessionBindingEvent event) {
		try {
			return event.getSession().getAttribute(event.getName());
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private void update(HttpSession session, @Nullable SecurityContext context) {
		Authentication authentication = (context != null) ? context.getAuthentication() : null;
		String id = session.getId();
		synchronized (this.monitor) {
			Entry existing = this.sessionsById.get(id);
			if (existing != null) {
				remove(id, existing);
			}
			if (this.trustResolver.isAuthenticated(authentication)) {
				put(id, authentication.getName(), session);
			}
		}
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

package io.github.autologout.expiry;

import io.github.autologout.core.SessionTimes;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * An authenticated session as read from its store, outside of any request.
 *
 * @param id the session's id
 * @param authentication the session's user
 * @param times the session's autologout times, or {@code null} if it has none yet
 */
public record StoredSession(String id, Authentication authentication, @Nullable SessionTimes times) {
}

package io.github.autologout.session;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A user who has live sessions.
 *
 * @param username the user's name
 * @param sessions how many live sessions the user has
 * @param lastActivity the latest real activity of any of them, or {@code null} if not known
 */
public record UserSessions(String username, int sessions, @Nullable Instant lastActivity) {
}

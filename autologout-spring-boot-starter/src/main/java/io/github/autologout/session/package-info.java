/**
 * Force logout: ending any user's sessions from application code, and listing them.
 * <p>
 * {@link io.github.autologout.session.ForceLogoutService} is what applications call;
 * {@link io.github.autologout.session.SessionIndex} is what a session store provides to it.
 */
@NullMarked
package io.github.autologout.session;

import org.jspecify.annotations.NullMarked;

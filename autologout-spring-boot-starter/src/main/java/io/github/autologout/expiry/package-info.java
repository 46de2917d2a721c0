/**
 * Ending sessions without a request: the expiry checker, the session stores it reads, and presence.
 */
@NullMarked
package io.github.autologout.expiry;

import org.jspecify.annotations.NullMarked;

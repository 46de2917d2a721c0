/**
 * Timeout policy, per-session times and revocation, free of any framework.
 */
@NullMarked
package io.github.autologout.core;

import org.jspecify.annotations.NullMarked;

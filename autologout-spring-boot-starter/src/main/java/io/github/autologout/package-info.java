/**
 * Shared types of the autologout starter: events and messages.
 */
@NullMarked
package io.github.autologout;

import org.jspecify.annotations.NullMarked;

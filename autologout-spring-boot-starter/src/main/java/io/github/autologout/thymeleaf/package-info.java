/**
 * Thymeleaf integration: the {@code autologout} dialect, which adds the countdown script to
 * pages, and the {@code #autologout} expression object.
 */
@NullMarked
package io.github.autologout.thymeleaf;

import org.jspecify.annotations.NullMarked;

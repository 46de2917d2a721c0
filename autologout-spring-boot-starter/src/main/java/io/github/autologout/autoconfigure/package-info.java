/**
 * Auto-configuration of autologout from {@code autologout.*} properties.
 */
@NullMarked
package io.github.autologout.autoconfigure;

import org.jspecify.annotations.NullMarked;

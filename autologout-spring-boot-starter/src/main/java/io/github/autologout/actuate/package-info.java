/**
 * Production support of autologout: an Actuator endpoint over force logout, and metrics.
 */
@NullMarked
package io.github.autologout.actuate;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Security integration: the configurer, its filter and the timeout policy resolution.
 */
@NullMarked
package io.github.autologout.security;

import org.jspecify.annotations.NullMarked;

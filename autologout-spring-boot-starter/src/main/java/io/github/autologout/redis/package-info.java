/**
 * Redis support: a revocation registry shared by every node through Redis.
 */
@NullMarked
package io.github.autologout.redis;

import org.jspecify.annotations.NullMarked;

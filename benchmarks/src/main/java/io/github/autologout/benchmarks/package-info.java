/**
 * Benchmarks of autologout, run on demand only: JMH benchmarks of the per-request path and
 * programs that measure force logout, expiry and memory on real Redis and PostgreSQL servers.
 */
@NullMarked
package io.github.autologout.benchmarks;

import org.jspecify.annotations.NullMarked;

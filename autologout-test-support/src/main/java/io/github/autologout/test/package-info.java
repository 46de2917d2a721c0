/**
 * Real Redis and PostgreSQL servers for the project's tests, and small helpers they share.
 */
package io.github.autologout.test;

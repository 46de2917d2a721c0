/**
 * Real Redis and PostgreSQL servers for the project's tests.
 */
package io.github.autologout.test;

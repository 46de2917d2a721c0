/**
 * JDBC support: a revocation registry shared by every node through a database table.
 */
@NullMarked
package io.github.autologout.jdbc;

import org.jspecify.annotations.NullMarked;

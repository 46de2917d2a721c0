/**
 * JDBC support: a revocation registry and a session tracker shared by every node through database
 * tables, and the ending of Spring Session JDBC's sessions in one batch.
 */
@NullMarked
package io.github.autologout.jdbc;

import org.jspecify.annotations.NullMarked;

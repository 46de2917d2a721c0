package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SessionInfo;
import io.github.autologout.session.SpringSessionIndex;

/**
 * Where the time of {@code logout(username)} goes on PostgreSQL, run on demand:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.autologout.benchmarks.JdbcLogoutSteps
 * <size> <runs> <sessions>}.
 * <p>
 * Fills the {@link JdbcStore} with {@code size} sessions, then makes the calls of
 * {@link DefaultForceLogoutService#logout(String)} one by one for a user with {@code sessions}
 * sessions and times each: the user's revocation, finding the sessions, their revocations, their
 * deletion and the tracker's clean-up. The deletion is made three ways, twice each, in turn: the
 * repository's {@code deleteById} on the executor of {@link SpringSessionIndex}, the starter's
 * JDBC batch, and one {@code DELETE ... IN} (whose count cannot tell which sessions it deleted).
 */
public final class JdbcLogoutSteps {

	private static final PrintStream out = System.out;

	private static final String[] STEPS = { "revokeUser", "findByUsername", "revokeSessions", "delete", "untrack",
			"total" };

	private JdbcLogoutSteps() {
	}

	public static void main(String[] args) {
		int size = Integer.parseInt(args[0]);
		int runs = Integer.parseInt(args[1]);
		int sessions = Integer.parseInt(args[2]);
		try (JdbcStore store = new JdbcStore()) {
			store.clear();
			store.fill(size, 4);
			SessionIndex batch = store.index();
			SpringSessionIndex<?> repository = new SpringSessionIndex<>(store.repository(), store.tracker());
			repository.setExecutor(Store.sessionExecutor());
			for (String variant : List.of("executor", "batch", "in-list", "executor", "batch", "in-list")) {
				long[][] nanos = new long[STEPS.length][runs];
				for (int run = -10; run < runs; run++) {
					store.createSessions("steps", sessions, Instant.now());
					long start = System.nanoTime();
					store.registry().revokeUser("steps", new Revocation(Instant.now(), LogoutReason.FORCED));
					long revoked = System.nanoTime();
					List<SessionInfo> found = batch.findByUsername("steps");
					long listed = System.nanoTime();
					List<String> ids = found.stream().map(SessionInfo::id).toList();
					store.registry().revokeSessions(ids, LogoutReason.FORCED);
					long remembered = System.nanoTime();
					int ended = switch (variant) {
						case "batch" -> batch.invalidateAll(found).size();
						case "in-list" -> store.jdbc()
							.update("DELETE FROM SPRING_SESSION WHERE SESSION_ID IN ("
									+ String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", ids.toArray());
						default -> repository.invalidateAll(found).size();
					};
					long deleted = System.nanoTime();
					store.tracker().untrack("steps", ids);
					long untracked = System.nanoTime();
					if (found.size() != sessions || ended != sessions) {
						throw new IllegalStateException("found " + found.size() + ", ended " + ended);
					}
					if (run >= 0) {
						long[] steps = { revoked - start, listed - revoked, remembered - listed, deleted - remembered,
								untracked - deleted, untracked - start };
						for (int step = 0; step < steps.length; step++) {
							nanos[step][run] = steps[step];
						}
					}
				}
				out.printf("== %d sessions of one user, %,d in the store, deleted by %s%n", sessions, size, variant);
				for (int step = 0; step < STEPS.length; step++) {
					out.printf("  %-15s %s%n", STEPS[step], new Stats(nanos[step]));
				}
			}
		}
		System.exit(0);
	}

}

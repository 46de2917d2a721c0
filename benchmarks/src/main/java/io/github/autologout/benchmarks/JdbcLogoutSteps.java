package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;

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
 * sessions and times each ({@link LogoutSteps}). The deletion is made three ways, twice each, in
 * turn: the repository's {@code deleteById} on the executor of {@link SpringSessionIndex}, the
 * starter's JDBC batch, and one {@code DELETE ... IN} (whose count cannot tell which sessions it
 * deleted).
 */
public final class JdbcLogoutSteps {

	private static final PrintStream out = System.out;

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
				LogoutSteps steps = LogoutSteps.measure(store, batch, runs, sessions, (found) -> switch (variant) {
					case "batch" -> batch.invalidateAll(found).size();
					case "in-list" -> deleteInOneStatement(store, found);
					default -> repository.invalidateAll(found).size();
				});
				out.printf("== %d sessions of one user, %,d in the store, deleted by %s%n", sessions, size, variant);
				steps.print(out);
			}
		}
		System.exit(0);
	}

	/**
	 * Deletes the sessions with one {@code DELETE ... IN}, whose count cannot tell which sessions
	 * it deleted.
	 */
	private static int deleteInOneStatement(JdbcStore store, List<SessionInfo> sessions) {
		List<String> ids = sessions.stream().map(SessionInfo::id).toList();
		return store.jdbc()
			.update("DELETE FROM SPRING_SESSION WHERE SESSION_ID IN ("
					+ String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", ids.toArray());
	}

}

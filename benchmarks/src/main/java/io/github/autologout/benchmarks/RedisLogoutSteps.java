package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SessionInfo;

/**
 * Where the time of {@code logout(username)} goes on Redis, run on demand:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.autologout.benchmarks.RedisLogoutSteps
 * <size> <runs> <sessions>}.
 * <p>
 * Fills the {@link RedisStore} with {@code size} sessions of the indexed repository, then makes
 * the calls of {@link DefaultForceLogoutService#logout(String)} one by one for a user with
 * {@code sessions} sessions and times each ({@link LogoutSteps}). The sessions are found two
 * ways, twice each, in turn: through the repository's {@code findByPrincipalName}, and by the
 * principal index's ids ({@code RedisPrincipalSessionIds}) read concurrently, as the starter
 * does. Then it counts the Redis commands of finding and of deleting one session.
 */
public final class RedisLogoutSteps {

	private static final PrintStream out = System.out;

	private RedisLogoutSteps() {
	}

	public static void main(String[] args) throws Exception {
		int size = Integer.parseInt(args[0]);
		int runs = Integer.parseInt(args[1]);
		int sessions = Integer.parseInt(args[2]);
		try (RedisStore store = new RedisStore(true)) {
			store.clear();
			store.fill(size, 4);
			for (String variant : List.of("findByPrincipalName", "principal ids", "findByPrincipalName",
					"principal ids")) {
				SessionIndex index = store.index(variant.equals("principal ids"));
				LogoutSteps steps = LogoutSteps.measure(store, index, runs, sessions,
						(found) -> index.invalidateAll(found).size());
				out.printf("== %d sessions of one user, %,d in the store, found by %s%n", sessions, size, variant);
				store.createSessions("counted", 1, Instant.now());
				List<List<SessionInfo>> counted = new ArrayList<>();
				out.printf("  commands of one session: findByUsername %s, invalidateAll (deleteById) %s%n",
						store.commandsOf(() -> counted.add(index.findByUsername("counted"))),
						store.commandsOf(() -> index.invalidateAll(counted.get(0))));
				steps.print(out);
			}
		}
		System.exit(0);
	}

}

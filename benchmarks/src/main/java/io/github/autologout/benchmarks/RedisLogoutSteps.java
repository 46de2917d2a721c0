package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
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
 * {@code sessions} sessions and times each: the user's revocation, finding the sessions, their
 * revocations, their deletion and the tracker's clean-up. The sessions are found two ways, twice
 * each, in turn: through the repository's {@code findByPrincipalName}, and by the principal
 * index's ids ({@code RedisPrincipalSessionIds}) read concurrently, as the starter does. Then
 * it counts the Redis commands of finding and of deleting one session.
 */
public final class RedisLogoutSteps {

	private static final PrintStream out = System.out;

	private static final String[] STEPS = { "revokeUser", "findByUsername", "revokeSessions", "delete", "untrack",
			"total" };

	private RedisLogoutSteps() {
	}

	public static void main(String[] args) throws Exception {
		int size = Integer.parseInt(args[0]);
		int runs = Integer.parseInt(args[1]);
		int sessions = Integer.parseInt(args[2]);
		try (RedisStore store = new RedisStore()) {
			store.clear();
			store.fill(size, 4);
			for (String variant : List.of("findByPrincipalName", "principal ids", "findByPrincipalName",
					"principal ids")) {
				SessionIndex index = store.index(variant.equals("principal ids"));
				long[][] nanos = new long[STEPS.length][runs];
				for (int run = -10; run < runs; run++) {
					store.createSessions("steps", sessions, Instant.now());
					long start = System.nanoTime();
					store.registry().revokeUser("steps", new Revocation(Instant.now(), LogoutReason.FORCED));
					long revoked = System.nanoTime();
					List<SessionInfo> found = index.findByUsername("steps");
					long listed = System.nanoTime();
					List<String> ids = found.stream().map(SessionInfo::id).toList();
					store.registry().revokeSessions(ids, LogoutReason.FORCED);
					long remembered = System.nanoTime();
					int ended = index.invalidateAll(found).size();
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
				out.printf("== %d sessions of one user, %,d in the store, found by %s%n", sessions, size, variant);
				store.createSessions("counted", 1, Instant.now());
				List<List<SessionInfo>> counted = new ArrayList<>();
				out.printf("  commands of one session: findByUsername %s, invalidateAll (deleteById) %s%n",
						store.commandsOf(() -> counted.add(index.findByUsername("counted"))),
						store.commandsOf(() -> index.invalidateAll(counted.get(0))));
				for (int step = 0; step < STEPS.length; step++) {
					out.printf("  %-15s %s%n", STEPS[step], new Stats(nanos[step]));
				}
			}
		}
		System.exit(0);
	}

}

package io.github.autologout.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.function.ToIntFunction;

import io.github.autologout.core.LogoutReason;
import io.github.autologout.core.Revocation;
import io.github.autologout.session.DefaultForceLogoutService;
import io.github.autologout.session.SessionIndex;
import io.github.autologout.session.SessionInfo;

/**
 * The calls of {@link DefaultForceLogoutService#logout(String)} made one by one on a store and
 * timed each: the user's revocation, finding the sessions, their revocations, their deletion
 * and the tracker's clean-up. What {@link JdbcLogoutSteps} and {@link RedisLogoutSteps} share.
 */
final class LogoutSteps {

	private static final String USERNAME = "steps";

	private static final String[] STEPS = { "revokeUser", "findByUsername", "revokeSessions", "delete",
			"untrack", "total" };

	private static final int UNMEASURED_RUNS = 10;

	private final long[][] nanos;

	private LogoutSteps(int runs) {
		this.nanos = new long[STEPS.length][runs];
	}

	/**
	 * Times the steps for a user with the given number of sessions, created before each run,
	 * after {@value #UNMEASURED_RUNS} unmeasured runs.
	 * @param store the store
	 * @param index the index that finds the user's sessions
	 * @param runs how many runs to measure
	 * @param sessions how many sessions the user has in each run
	 * @param delete deletes the sessions found and returns how many it ended
	 * @return the measured steps
	 * @throws IllegalStateException if a run did not find and end exactly that many sessions
	 */
	static LogoutSteps measure(Store store, SessionIndex index, int runs, int sessions,
			ToIntFunction<List<SessionInfo>> delete) {
		LogoutSteps steps = new LogoutSteps(runs);
		for (int run = -UNMEASURED_RUNS; run < runs; run++) {
			store.createSessions(USERNAME, sessions, Instant.now());
			long start = System.nanoTime();
			store.registry().revokeUser(USERNAME, new Revocation(Instant.now(), LogoutReason.FORCED));
			long revoked = System.nanoTime();
			List<SessionInfo> found = index.findByUsername(USERNAME);
			long listed = System.nanoTime();
			List<String> ids = found.stream().map(SessionInfo::id).toList();
			store.registry().revokeSessions(ids, LogoutReason.FORCED);
			long remembered = System.nanoTime();
			int ended = delete.applyAsInt(found);
			long deleted = System.nanoTime();
			store.tracker().untrack(USERNAME, ids);
			long untracked = System.nanoTime();
			if (found.size() != sessions || ended != sessions) {
				throw new IllegalStateException("found " + found.size() + ", ended " + ended);
			}
			if (run >= 0) {
				long[] durations = { revoked - start, listed - revoked, remembered - listed, deleted - remembered,
						untracked - deleted, untracked - start };
				for (int step = 0; step < durations.length; step++) {
					steps.nanos[step][run] = durations[step];
				}
			}
		}
		return steps;
	}

	/**
	 * Prints the percentiles of each step, a line each.
	 * @param out where to print
	 */
	void print(PrintStream out) {
		for (int step = 0; step < STEPS.length; step++) {
			out.printf("  %-15s %s%n", STEPS[step], new Stats(this.nanos[step]));
		}
	}

}

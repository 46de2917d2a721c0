package io.github.autologout.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests of some browsers, one after another, until stopped; their statuses by user. */
final class Traffic {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();

	private final List<CompletableFuture<Void>> clients = new ArrayList<>();

	static Traffic start(String url, Browser alice, Browser bob) {
		Traffic traffic = new Traffic();
		traffic.run("alice", url, alice);
		traffic.run("bob", url, bob);
		return traffic;
	}

	private void run(String username, String url, Browser browser) {
		List<Integer> seen = this.statuses.computeIfAbsent(username, (name) -> new CopyOnWriteArrayList<>());
		this.clients.add(CompletableFuture.runAsync(() -> {
			while (this.running.get()) {
				seen.add(browser.get(url + "/api/me", "Accept", "application/json").statusCode());
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}));
	}

	void stop() throws Exception {
		this.running.set(false);
		for (CompletableFuture<Void> client : this.clients) {
			client.get(30, TimeUnit.SECONDS);
		}
	}

	List<Integer> statuses(String username) {
		return this.statuses.get(username);
	}

	/**
	 * Asserts that, while the store went down and came back, alice (signed in) was answered only
	 * {@code 503} or {@code 200} and bob (revoked, each request with a copy of his ended session's
	 * cookie) only {@code 503} or {@code 401}, each both.
	 */
	void assertEveryAnswerWasTheOutageOrTheUsualOne() {
		assertThat(statuses("alice")).as("alice's requests during the outage and the restart")
			.contains(503, 200)
			.containsOnly(503, 200);
		assertThat(statuses("bob")).as("bob's requests during the outage and the restart")
			.contains(503, 401)
			.containsOnly(503, 401);
	}

}

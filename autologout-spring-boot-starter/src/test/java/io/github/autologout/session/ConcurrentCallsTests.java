package io.github.autologout.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import io.github.autologout.test.Rendezvous;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConcurrentCalls}.
 */
class ConcurrentCallsTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "calls"));

	private final List<String> made = new CopyOnWriteArrayList<>();

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	private String call(String item) {
		this.made.add(item);
		if (item.startsWith("failing")) {
			throw new IllegalStateException(item);
		}
		return item.toUpperCase();
	}

	@Test
	void callAllWithoutAnExecutorMakesTheCallsInOrder() {
		assertThat(ConcurrentCalls.callAll(null, List.of("a", "b", "c"), this::call)).containsExactly("A", "B", "C");
		assertThat(this.made).containsExactly("a", "b", "c");
	}

	@Test
	void callAllWithoutAnExecutorMakesEveryCallThenThrowsTheFirstFailureWithTheOthersSuppressed() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ConcurrentCalls.callAll(null, List.of("a", "failing-1", "b", "failing-2"), this::call))
			.withMessage("failing-1")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement()
				.satisfies((suppressed) -> assertThat(suppressed).hasMessage("failing-2")));
		assertThat(this.made).containsExactly("a", "failing-1", "b", "failing-2");
	}

	@Test
	void callAllOnAnExecutorMakesTheCallsConcurrentlyAndReturnsTheResultsInOrder() {
		Rendezvous rendezvous = new Rendezvous(3);

		List<String> results = ConcurrentCalls.callAll(this.executor, List.of("a", "b", "c"), (item) -> {
			rendezvous.meet();
			return call(item);
		});

		assertThat(results).containsExactly("A", "B", "C");
		assertThat(rendezvous.waitsInVain()).as("calls that waited for the others in vain").isZero();
	}

	@Test
	void callAllMakesTheCallsThatTheExecutorRejectsOnTheCallingThread() {
		List<String> results = ConcurrentCalls.callAll((task) -> {
			throw new RejectedExecutionException("full");
		}, List.of("a", "b"), this::call);

		assertThat(results).containsExactly("A", "B");
	}

}

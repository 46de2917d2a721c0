package io.github.autologout.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Makes the calls of one operation on a session store concurrently, where each mostly waits on
 * the network: one call per item, on the threads of an executor and on the calling thread, which
 * makes every call that no thread of the executor has started (those it rejects too), so that
 * none waits on a busy, paused or shut down executor. Every call has ended, or failed, when
 * {@link #callAll} returns.
 */
public final class ConcurrentCalls {

	private ConcurrentCalls() {
	}

	/**
	 * Applies the function to every item, concurrently where there is an executor and more than
	 * one item. Where a call fails, the others are still made, and the first failure is thrown
	 * once all have ended, the others added to it as suppressed.
	 * @param <T> the type of the items
	 * @param <R> the type of the results
	 * @param executor the executor, or {@code null} to make the calls one after the other
	 * @param items the items
	 * @param function the call
	 * @return the results, in the order of the items
	 */
	public static <T, R> List<R> callAll(@Nullable Executor executor, List<T> items, Function<T, R> function) {
		List<Call<T, R>> calls = items.stream().map((item) -> new Call<>(function, item)).toList();
		if (executor != null && calls.size() > 1) {
			for (Call<T, R> call : calls.subList(1, calls.size())) {
				try {
					executor.execute(call);
				}
				catch (RejectedExecutionException ex) {
					// made below by the calling thread
				}
			}
		}
		calls.forEach(Call::run);
		List<R> results = new ArrayList<>(calls.size());
		@Nullable RuntimeException failure = null;
		for (Call<T, R> call : calls) {
			try {
				results.add(call.result.join());
			}
			catch (CompletionException ex) {
				RuntimeException cause = unwrap(ex);
				if (failure == null) {
					failure = cause;
				}
				else if (failure != cause) {
					failure.addSuppressed(cause);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		return results;
	}

	private static RuntimeException unwrap(CompletionException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return ex;
	}

	/**
	 * One call, made by whichever thread claims it first.
	 */
	private static final class Call<T, R> implements Runnable {

		private final AtomicBoolean claimed = new AtomicBoolean();

		private final CompletableFuture<R> result = new CompletableFuture<>();

		private final Function<T, R> function;

		private final T item;

		Call(Function<T, R> function, T item) {
			this.function = function;
			this.item = item;
		}

		@Override
		public void run() {
			if (!this.claimed.compareAndSet(false, true)) {
				return;
			}
			try {
				this.result.complete(this.function.apply(this.item));
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
		}

	}

}

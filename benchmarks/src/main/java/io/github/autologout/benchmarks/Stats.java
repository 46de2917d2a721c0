package io.github.autologout.benchmarks;

import java.util.Arrays;

/**
 * Percentiles of measured durations, in milliseconds.
 */
final class Stats {

	private final double[] millis;

	Stats(long[] nanos) {
		this.millis = Arrays.stream(nanos).mapToDouble((n) -> n / 1_000_000.0).sorted().toArray();
	}

	/**
	 * The nearest-rank percentile.
	 * @param p the percentile, 0 to 100
	 * @return the value in milliseconds
	 */
	double percentile(double p) {
		int rank = (int) Math.ceil(p / 100.0 * this.millis.length);
		return this.millis[Math.max(0, Math.min(this.millis.length - 1, rank - 1))];
	}

	@Override
	public String toString() {
		return String.format("n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms", this.millis.length, percentile(50),
				percentile(99), this.millis[this.millis.length - 1]);
	}

}

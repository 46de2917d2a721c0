package io.github.autologout.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The median of the on/off ratios of interleaved rounds (or of another figure per round, such as
 * the difference of the request threads' CPU) and its 95 % percentile-bootstrap interval, which
 * {@code benchmarks/wrk/run.sh} prints after each store:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.autologout.benchmarks.RoundRatios
 * <ratio>...}. The resampling starts from a fixed seed, so the same ratios give the same interval.
 */
public final class RoundRatios {

	static final int RESAMPLES = 10_000;

	private static final long SEED = 20261205L;

	private final double[] ratios;

	RoundRatios(double[] ratios) {
		if (ratios.length == 0) {
			throw new IllegalArgumentException("No ratios given");
		}
		this.ratios = ratios.clone();
	}

	/**
	 * The median of the ratios.
	 * @return the median
	 */
	double median() {
		return median(this.ratios);
	}

	/**
	 * The 2.5th and 97.5th percentiles (nearest rank) of the medians of {@value #RESAMPLES}
	 * resamples of the ratios, drawn with replacement.
	 * @return the lower and the upper end of the interval
	 */
	double[] interval() {
		SplittableRandom random = new SplittableRandom(SEED);
		double[] medians = new double[RESAMPLES];
		double[] resample = new double[this.ratios.length];
		for (int i = 0; i < RESAMPLES; i++) {
			for (int j = 0; j < resample.length; j++) {
				resample[j] = this.ratios[random.nextInt(this.ratios.length)];
			}
			medians[i] = median(resample);
		}
		Arrays.sort(medians);
		return new double[] { medians[RESAMPLES * 25 / 1000 - 1], medians[RESAMPLES * 975 / 1000 - 1] };
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	@Override
	public String toString() {
		double[] interval = interval();
		return String.format("median %.3f, 95 %% bootstrap interval %.3f-%.3f, %d rounds", median(), interval[0],
				interval[1], this.ratios.length);
	}

	public static void main(String[] args) {
		System.out.println(new RoundRatios(Arrays.stream(args).mapToDouble(Double::parseDouble).toArray()));
	}

}

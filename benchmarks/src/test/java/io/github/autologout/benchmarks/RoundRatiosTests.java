package io.github.autologout.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RoundRatiosTests {

	@Test
	void medianOfAnOddNumberOfRatiosIsTheMiddleOne() {
		assertThat(new RoundRatios(new double[] { 1.2, 0.9, 1.0 }).median()).isEqualTo(1.0);
	}

	@Test
	void medianOfAnEvenNumberOfRatiosIsTheMeanOfTheMiddleTwo() {
		assertThat(new RoundRatios(new double[] { 1.2, 0.9, 1.0, 0.96 }).median()).isEqualTo(0.98);
	}

	@Test
	void intervalOfEqualRatiosIsThatRatio() {
		assertThat(new RoundRatios(new double[] { 0.97, 0.97, 0.97 }).interval()).containsExactly(0.97, 0.97);
	}

	@Test
	void intervalNarrowsAsRoundsAreAdded() {
		double[] few = { 0.90, 0.95, 1.00, 1.05, 1.10, 0.92, 0.98, 1.02 };
		double[] many = new double[few.length * 8];
		for (int i = 0; i < many.length; i++) {
			many[i] = few[i % few.length];
		}
		double[] wide = new RoundRatios(few).interval();
		double[] narrow = new RoundRatios(many).interval();
		assertThat(wide[0]).isLessThanOrEqualTo(narrow[0]).isGreaterThanOrEqualTo(0.90);
		assertThat(wide[1]).isGreaterThanOrEqualTo(narrow[1]).isLessThanOrEqualTo(1.10);
		assertThat(narrow[1] - narrow[0]).isLessThan(wide[1] - wide[0]);
	}

	@Test
	void sameRatiosGiveTheSameInterval() {
		double[] ratios = { 0.93, 0.98, 1.00, 0.93, 0.98, 1.13, 0.97, 0.96, 1.03 };
		assertThat(new RoundRatios(ratios).interval()).containsExactly(new RoundRatios(ratios).interval());
	}

	@Test
	void noRatiosAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RoundRatios(new double[0]))
			.withMessage("No ratios given");
	}

}

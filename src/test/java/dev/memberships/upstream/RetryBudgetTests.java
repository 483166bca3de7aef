package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry budget: retries at most a share of the calls over a sliding window, on a
 * clock the test moves.
 */
class RetryBudgetTests {

	private final ManualScheduler time = new ManualScheduler();

	private final Clock clock = this.time.clock(Instant.parse("2025-06-01T10:00:00Z"));

	@Test
	void tryAcquireRetryShouldAllowTenPercentOfCalls() {
		RetryBudget budget = budget(0.1, 0);
		record(budget, 100);
		assertThat(retries(budget, 1000)).isEqualTo(10);
		record(budget, 10);
		assertThat(retries(budget, 1000)).isEqualTo(1);
	}

	@Test
	void tryAcquireRetryWhenFewCallsShouldAllowMinimum() {
		RetryBudget budget = budget(0.1, 3);
		record(budget, 1);
		assertThat(retries(budget, 1000)).isEqualTo(3);
		// The minimum is a floor, not an addition: 100 calls allow 10 in all.
		record(budget, 99);
		assertThat(retries(budget, 1000)).isEqualTo(7);
	}

	@Test
	void tryAcquireRetryShouldForgetCallsAndRetriesThatSlidOutOfTheWindow() {
		RetryBudget budget = budget(0.1, 0);
		record(budget, 50);
		assertThat(retries(budget, 1000)).isEqualTo(5);
		// Half the window later, new calls add up with the old ones.
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		record(budget, 50);
		assertThat(retries(budget, 1000)).isEqualTo(5);
		// Once the first calls and their retries slide out, only the last 50 count,
		// and so do their 5 retries.
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(retries(budget, 1000)).isZero();
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(retries(budget, 1000)).isZero();
		record(budget, 30);
		assertThat(retries(budget, 1000)).isEqualTo(3);
	}

	@Test
	void tryAcquireRetryWhenNoCallsAndNoMinimumShouldAllowNothing() {
		assertThat(retries(budget(0.1, 0), 10)).isZero();
	}

	private RetryBudget budget(double ratio, int minRetries) {
		return new RetryBudget(new ResilienceProperties.RetryBudget(ratio, minRetries, Duration.ofSeconds(10)),
				this.clock);
	}

	private static void record(RetryBudget budget, int calls) {
		for (int i = 0; i < calls; i++) {
			budget.recordCall();
		}
	}

	private static int retries(RetryBudget budget, int tries) {
		int granted = 0;
		for (int i = 0; i < tries; i++) {
			if (budget.tryAcquireRetry()) {
				granted++;
			}
		}
		return granted;
	}

}

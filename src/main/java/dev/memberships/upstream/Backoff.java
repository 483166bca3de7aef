package dev.memberships.upstream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.core.IntervalFunction;

/**
 * An exponential backoff, half of each wait random: Resilience4j's
 * {@link IntervalFunction} for the growth and the cap, with the random half drawn from
 * the given source (Resilience4j's own randomized variant draws from
 * {@code Math.random()}, which the tests could not hold still, and spreads waits both
 * ways, so that a wait could outlast the cap).
 */
final class Backoff {

	private final IntervalFunction ceiling;

	private final DoubleSupplier random;

	Backoff(Duration initial, double multiplier, Duration max, DoubleSupplier random) {
		this.ceiling = IntervalFunction.ofExponentialBackoff(initial, multiplier, max);
		this.random = random;
	}

	/**
	 * The wait after the given number of failures in a row: between half the ceiling and
	 * the ceiling, {@code min(max, initial * multiplier^(failures-1))}.
	 */
	Duration after(int failuresInARow) {
		long ceiling = this.ceiling.apply(Math.max(1, failuresInARow));
		return Duration.ofMillis(ceiling / 2 + (long) (ceiling / 2 * this.random.getAsDouble()));
	}

}

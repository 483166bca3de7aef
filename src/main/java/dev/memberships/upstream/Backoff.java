package dev.memberships.upstream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;

/**
 * An exponential backoff, half of each wait random: Resilience4j's
 * {@link IntervalFunction} for the growth and the cap, with the random half drawn from
 * the given source (Resilience4j's own randomized variant draws from
 * {@code Math.random()}, which the tests could not hold still, and spreads waits both
 * ways, so that a wait could outlast the cap). The one jitter style of the service: the
 * token endpoints' failure backoff, the gate's backoff after 429s, and, through
 * {@link #halfRandom(IntervalBiFunction, DoubleSupplier)}, every Resilience4j retry.
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
		return Duration.ofMillis(halfRandom(this.ceiling.apply(Math.max(1, failuresInARow)), this.random));
	}

	/**
	 * A Resilience4j retry's waits in this style: each between half the wait the given
	 * function computes (the retry's configured exponential growth and cap) and all of
	 * it.
	 * @param ceiling the retry's waits without randomness
	 * @param random the source of jitter, uniform in [0, 1)
	 * @return the waits, half of each random
	 */
	static IntervalBiFunction<Object> halfRandom(IntervalBiFunction<Object> ceiling, DoubleSupplier random) {
		return (attempt, outcome) -> halfRandom(ceiling.apply(attempt, outcome), random);
	}

	private static long halfRandom(long ceiling, DoubleSupplier random) {
		return ceiling / 2 + (long) (ceiling / 2 * random.getAsDouble());
	}

}

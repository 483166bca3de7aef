package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long an upstream's answers close its rate-limit gate: a 429 for
 * {@code Retry-After}, else until {@code X-RateLimit-Reset} plus jitter, else a
 * {@link Backoff}; a spent budget until the reset plus jitter. Never longer than the
 * policy's maximum wait.
 */
final class RateLimitWaits {

	private final ResilienceProperties.RateLimit policy;

	private final Clock clock;

	private final DoubleSupplier random;

	private final Backoff backoff;

	RateLimitWaits(ResilienceProperties.RateLimit policy, Clock clock, DoubleSupplier random) {
		this.policy = policy;
		this.clock = clock;
		this.random = random;
		this.backoff = new Backoff(policy.initialBackoff(), 2, policy.maxWait(), random);
	}

	/**
	 * How long a 429 closes the gate; empty when it says nothing of when to come back.
	 */
	Optional<Duration> closeFor429(RateLimitHeaders headers) {
		return headers.retryAfter()
			.map((retryAfter) -> min(retryAfter, this.policy.maxWait()))
			.or(() -> untilReset(headers));
	}

	/** Until {@code X-RateLimit-Reset} plus jitter; empty without one. */
	Optional<Duration> untilReset(RateLimitHeaders headers) {
		return headers.reset().map(this::until);
	}

	/** Exponential backoff after the n-th 429 in a row. */
	Duration backoff(int rateLimitedInARow) {
		return this.backoff.after(rateLimitedInARow);
	}

	private Duration until(Instant reset) {
		Duration untilReset = Duration.between(this.clock.instant(), reset);
		if (untilReset.isNegative()) {
			untilReset = Duration.ZERO;
		}
		Duration jitter = Duration.ofMillis((long) (this.policy.resetJitter().toMillis() * this.random.getAsDouble()));
		return min(untilReset.plus(jitter), this.policy.maxWait());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}

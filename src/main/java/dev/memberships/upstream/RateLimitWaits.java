package dev.memberships.upstream;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import org.springframework.http.HttpHeaders;

/**
 * How long an upstream's answers close its rate-limit gate: a 429 for
 * {@code Retry-After}, else until {@code X-RateLimit-Reset} plus jitter, else an
 * exponential backoff; a spent budget until the reset plus jitter. Never longer than the
 * policy's maximum wait.
 */
final class RateLimitWaits {

	private static final String LIMIT_REMAINING = "X-RateLimit-Remaining";

	private static final String LIMIT_RESET = "X-RateLimit-Reset";

	private final ResilienceProperties.RateLimit policy;

	private final Clock clock;

	private final DoubleSupplier random;

	RateLimitWaits(ResilienceProperties.RateLimit policy, Clock clock, DoubleSupplier random) {
		this.policy = policy;
		this.clock = clock;
		this.random = random;
	}

	/**
	 * How long a 429 closes the gate, or {@code null} when it says nothing of when to
	 * come back.
	 */
	Duration closeFor429(HttpHeaders headers) {
		Duration retryAfter = UpstreamErrors.retryAfter(headers);
		return (retryAfter != null) ? min(retryAfter, this.policy.maxWait()) : untilReset(headers);
	}

	/** The answer's {@code X-RateLimit-Remaining}, or {@code null} without one. */
	Long remaining(HttpHeaders headers) {
		return parseLong(headers.getFirst(LIMIT_REMAINING));
	}

	/** Until {@code X-RateLimit-Reset} plus jitter, or {@code null} without one. */
	Duration untilReset(HttpHeaders headers) {
		Long epochSeconds = parseLong(headers.getFirst(LIMIT_RESET));
		if (epochSeconds == null) {
			return null;
		}
		try {
			Duration untilReset = Duration.between(this.clock.instant(), Instant.ofEpochSecond(epochSeconds));
			if (untilReset.isNegative()) {
				untilReset = Duration.ZERO;
			}
			return min(untilReset.plus(jitter(this.policy.resetJitter())), this.policy.maxWait());
		}
		catch (DateTimeException | ArithmeticException ex) {
			return null;
		}
	}

	/** Exponential backoff after the n-th 429 in a row: half fixed, half random. */
	Duration backoff(int rateLimitedInARow) {
		Duration base = this.policy.initialBackoff();
		for (int i = 1; i < rateLimitedInARow && base.compareTo(this.policy.maxWait()) < 0; i++) {
			base = base.multipliedBy(2);
		}
		base = min(base, this.policy.maxWait());
		return base.dividedBy(2).plus(jitter(base.dividedBy(2)));
	}

	private Duration jitter(Duration upTo) {
		return Duration.ofMillis((long) (upTo.toMillis() * this.random.getAsDouble()));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Long parseLong(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}

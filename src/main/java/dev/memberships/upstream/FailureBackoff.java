package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Keeps a failing token endpoint from being asked again and again: after a failed fetch,
 * further fetches fail at once until a backoff has passed, and the backoff grows with
 * each failure in a row ({@code min(max, initial * multiplier^(failures-1))}, up to half
 * of it random). A success forgets the failures.
 */
public final class FailureBackoff {

	private final ResilienceProperties.FailureBackoff policy;

	private final Clock clock;

	private final DoubleSupplier random;

	private int failuresInARow;

	private Instant blockedUntil = Instant.EPOCH;

	private FailureReason lastReason;

	private int lastStatus;

	public FailureBackoff(ResilienceProperties.FailureBackoff policy, Clock clock, DoubleSupplier random) {
		this.policy = policy;
		this.clock = clock;
		this.random = random;
	}

	/**
	 * The failure to answer with while backing off, or {@code null} when a fetch may go
	 * out.
	 * @param upstream the name the failure is reported under
	 */
	public synchronized UpstreamException blocked(String upstream) {
		Duration left = Duration.between(this.clock.instant(), this.blockedUntil);
		if (!left.isPositive()) {
			return null;
		}
		return new UpstreamException(upstream, this.lastReason, this.lastStatus, left);
	}

	/** Counts a failed fetch and starts the next, longer backoff. */
	public synchronized void onFailure(UpstreamException failure) {
		this.failuresInARow++;
		this.lastReason = failure.reason();
		this.lastStatus = failure.statusCode();
		double base = this.policy.initial().toMillis() * Math.pow(this.policy.multiplier(), this.failuresInARow - 1);
		long capped = (long) Math.min(base, this.policy.max().toMillis());
		long backoff = capped / 2 + (long) (capped / 2 * this.random.getAsDouble());
		this.blockedUntil = this.clock.instant().plusMillis(backoff);
	}

	/** Forgets the failures. */
	public synchronized void onSuccess() {
		this.failuresInARow = 0;
		this.blockedUntil = Instant.EPOCH;
	}

}

package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * An instance's share of the tenant's rate, for the times it must decide alone because
 * Redis does not answer: the configured rate and burst divided by the instances it knows
 * of, at least one request of burst. Hand-written rather than a Resilience4j rate
 * limiter, because the share changes with the number of instances at every call, and time
 * must come from the application's clock.
 */
final class LocalShare {

	private final RedisLevelProperties.Rate rate;

	private final IntSupplier replicas;

	private final Clock clock;

	private double tokens = -1;

	private long at;

	LocalShare(RedisLevelProperties.Rate rate, IntSupplier replicas, Clock clock) {
		this.rate = rate;
		this.replicas = replicas;
		this.clock = clock;
	}

	/** Zero when a call may go (and takes its token), else how long to wait. */
	synchronized Duration permit() {
		int replicas = Math.max(1, this.replicas.getAsInt());
		double perMilli = this.rate.perSecond() / 1000 / replicas;
		double burst = Math.max(1.0, (double) this.rate.burst() / replicas);
		long now = this.clock.millis();
		this.tokens = (this.tokens < 0) ? burst : Math.min(burst, this.tokens + Math.max(0, now - this.at) * perMilli);
		this.at = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return Duration.ZERO;
		}
		return Duration.ofMillis((long) Math.ceil((1 - this.tokens) / perMilli));
	}

}

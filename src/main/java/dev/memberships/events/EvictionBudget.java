package dev.memberships.events;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * How many user evictions events may make: a token bucket of {@code rate} a second, up to
 * {@code burst} at once. Hand-written, since Resilience4j's rate limiter reads the system
 * clock and this one must follow the injected ticker; a handful of lines under one lock,
 * taken once per event.
 */
final class EvictionBudget {

	private static final double NANOS_PER_SECOND = 1e9;

	private final double ratePerNano;

	private final double burst;

	private final Ticker ticker;

	private double tokens;

	private long updated;

	EvictionBudget(double ratePerSecond, int burst, Ticker ticker) {
		this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
		this.burst = burst;
		this.ticker = ticker;
		this.tokens = burst;
		this.updated = ticker.read();
	}

	/** Takes one eviction if the budget has one. */
	synchronized boolean tryTake() {
		long now = this.ticker.read();
		this.tokens = Math.min(this.burst, this.tokens + (now - this.updated) * this.ratePerNano);
		this.updated = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens--;
		return true;
	}

}

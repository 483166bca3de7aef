package dev.memberships.upstream;

import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * The part of an upstream's rate limit that belongs to the whole tenant rather than to
 * one instance of the service: "no request before T", and the tenant's request rate. A
 * {@link RateLimitGate} asks it before each call and tells it what answers taught;
 * {@link #LOCAL} knows nothing beyond this instance.
 */
public interface TenantGate {

	/** No tenant-wide state: this instance's gate decides alone. */
	TenantGate LOCAL = new TenantGate() {

		@Override
		public Mono<Duration> permit() {
			return Mono.just(Duration.ZERO);
		}

		@Override
		public void closedUntil(Instant until) {
		}

	};

	/**
	 * Asks whether one call may go out now, and takes its share of the tenant's rate if
	 * so. Never fails: when the tenant's state cannot be read the call may go.
	 * @return zero when the call may go, else how long to wait before asking again
	 */
	Mono<Duration> permit();

	/**
	 * Learns that the upstream takes no request before an instant; the latest such
	 * instant wins.
	 * @param until the instant, by the application's clock
	 */
	void closedUntil(Instant until);

}

package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link UpstreamResilience} of every upstream: its Resilience4j instances, by name,
 * from the application's registries (configured under {@code resilience4j.*}), and the
 * rest from {@link ResilienceProperties}.
 */
public final class UpstreamResilienceRegistry {

	private final Map<String, UpstreamResilience> upstreams = new LinkedHashMap<>();

	/**
	 * Builds every upstream's protection.
	 * @param properties what Resilience4j does not configure
	 * @param defaultDeadline the deadline of a call that brings none in its context
	 * @param clock the clock deadlines, resets and windows are judged by
	 * @param scheduler the scheduler waits and timeouts run on
	 * @param random the source of jitter, uniform in [0, 1)
	 * @param circuitBreakers where the circuit breakers are configured
	 * @param retries where the retries are configured
	 * @param bulkheads where the bulkheads are configured
	 * @param meterRegistry where each upstream's calls are measured
	 */
	UpstreamResilienceRegistry(ResilienceProperties properties, Duration defaultDeadline, Clock clock,
			Scheduler scheduler, DoubleSupplier random, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			BulkheadRegistry bulkheads, MeterRegistry meterRegistry) {
		ResilienceProperties.FailureBackoff tokenBackoff = properties.tokenFailureBackoff();
		for (String name : Upstreams.ALL) {
			Optional<FailureBackoff> failureBackoff = Upstreams.TOKEN_ENDPOINTS.contains(name)
					? Optional.of(new FailureBackoff(
							new Backoff(tokenBackoff.initial(), tokenBackoff.multiplier(), tokenBackoff.max(), random),
							clock))
					: Optional.empty();
			UpstreamParts parts = new UpstreamParts(name, properties.minTimeForCall(),
					properties.rateLimit().maxRetries(),
					new RateLimitGate(name, properties.rateLimit(), properties.minTimeForCall(), clock, scheduler,
							random),
					new RetryBudget(properties.retryBudget(), clock), failureBackoff,
					circuitBreakers.circuitBreaker(name), retries.retry(name), bulkheads.bulkhead(name),
					new UpstreamMetrics(name, meterRegistry));
			this.upstreams.put(name, new UpstreamResilience(parts, defaultDeadline, clock, scheduler));
		}
	}

	/**
	 * The protection of one upstream.
	 * @param name one of {@link Upstreams#ALL}
	 * @return its protection
	 */
	public UpstreamResilience get(String name) {
		UpstreamResilience upstream = this.upstreams.get(name);
		if (upstream == null) {
			throw new IllegalArgumentException("Unknown upstream '" + name + "'");
		}
		return upstream;
	}

	/**
	 * Forgets every answer of every upstream, closes their breakers and ends the token
	 * endpoints' backoffs: an operator's {@code DELETE /actuator/upstreams}.
	 */
	void reset() {
		this.upstreams.values().forEach(UpstreamResilience::reset);
	}

}

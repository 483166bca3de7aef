package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link UpstreamResilience} of every upstream, built from
 * {@link ResilienceProperties} into the given Resilience4j registries.
 */
public final class UpstreamResilienceRegistry {

	/** Every upstream, by the name its instances, metrics and failures carry. */
	public static final List<String> UPSTREAMS = List.of("auth0", "auth0-token", "enos-structures", "enos-groups",
			"enos-token");

	private final Map<String, UpstreamResilience> upstreams = new LinkedHashMap<>();

	/**
	 * Builds every upstream's protection.
	 * @param properties the policies
	 * @param defaultDeadline the deadline of a call that brings none in its context
	 * @param clock the clock deadlines, resets and windows are judged by
	 * @param scheduler the scheduler waits and timeouts run on
	 * @param random the source of jitter, uniform in [0, 1)
	 * @param circuitBreakers where the circuit breakers are registered
	 * @param retries where the retries are registered
	 * @param bulkheads where the bulkheads are registered
	 * @param meterRegistry where each upstream's calls are measured
	 */
	public UpstreamResilienceRegistry(ResilienceProperties properties, Duration defaultDeadline, Clock clock,
			Scheduler scheduler, DoubleSupplier random, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			BulkheadRegistry bulkheads, MeterRegistry meterRegistry) {
		for (String name : UPSTREAMS) {
			this.upstreams.put(name,
					new UpstreamResilience(name, properties.policy(name), properties.failureBackoff(name),
							defaultDeadline, clock, scheduler, random, circuitBreakers, retries, bulkheads,
							meterRegistry));
		}
	}

	/**
	 * A registry of its own, outside Spring: fresh Resilience4j registries, the parallel
	 * scheduler, random jitter.
	 */
	public static UpstreamResilienceRegistry standalone(ResilienceProperties properties, Duration defaultDeadline,
			Clock clock) {
		return new UpstreamResilienceRegistry(properties, defaultDeadline, clock, Schedulers.parallel(),
				() -> ThreadLocalRandom.current().nextDouble(), CircuitBreakerRegistry.ofDefaults(),
				RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), new SimpleMeterRegistry());
	}

	/**
	 * The protection of one upstream.
	 * @param name one of {@link #UPSTREAMS}
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
	 * Forgets every answer of every upstream and closes their breakers: an operator's
	 * {@code DELETE /actuator/upstreams}, and a clean start for each test.
	 */
	public void reset() {
		this.upstreams.values().forEach(UpstreamResilience::reset);
	}

}

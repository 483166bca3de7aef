package dev.memberships.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each upstream's circuit breaker state and failure rate, for operators at
 * {@code /actuator/health}. Always UP: an upstream outage is answered honestly by the
 * service (stale or partial answers), so it must neither restart nor de-route a pod. It
 * is in neither the liveness nor the readiness group.
 */
@Component("upstreams")
class UpstreamsHealthIndicator implements HealthIndicator {

	private final UpstreamResilienceRegistry upstreams;

	UpstreamsHealthIndicator(UpstreamResilienceRegistry upstreams) {
		this.upstreams = upstreams;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		for (String name : Upstreams.ALL) {
			CircuitBreaker breaker = this.upstreams.get(name).parts().circuitBreaker();
			details.put(name, Map.of("circuitBreaker", breaker.getState().name(), "failureRate",
					breaker.getMetrics().getFailureRate()));
		}
		return Health.up().withDetails(details).build();
	}

}

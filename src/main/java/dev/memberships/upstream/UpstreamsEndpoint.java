package dev.memberships.upstream;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.stereotype.Component;

/**
 * Lets operators make every upstream's protection forget what it has learned, for example
 * after an upstream was repaired or its rate limit raised, instead of waiting out a
 * breaker or a gate: {@code DELETE /actuator/upstreams} on the management port closes the
 * breakers, opens the rate-limit gates and empties the retry budgets.
 */
@Component
@Endpoint(id = "upstreams")
class UpstreamsEndpoint {

	private final UpstreamResilienceRegistry registry;

	UpstreamsEndpoint(UpstreamResilienceRegistry registry) {
		this.registry = registry;
	}

	@DeleteOperation
	void reset() {
		this.registry.reset();
	}

}

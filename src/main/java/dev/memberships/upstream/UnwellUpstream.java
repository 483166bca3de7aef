package dev.memberships.upstream;

import java.util.function.Predicate;

/**
 * What says an upstream is unwell, so counts as a failure for its circuit breaker: no
 * answer, an error, an unreadable answer. Other 4xx are answers, so successes. Named by
 * {@code resilience4j.circuitbreaker.configs.default.record-failure-predicate}. Public,
 * with a public constructor: Resilience4j creates it from its class name.
 */
public final class UnwellUpstream implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable ex) {
		return ex instanceof UpstreamException failure && (failure.reason() == FailureReason.UPSTREAM_ERROR
				|| failure.reason() == FailureReason.TIMEOUT || failure.reason() == FailureReason.BAD_RESPONSE);
	}

}

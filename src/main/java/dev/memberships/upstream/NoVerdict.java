package dev.memberships.upstream;

import java.util.function.Predicate;

import io.github.resilience4j.bulkhead.BulkheadFullException;

/**
 * What says nothing about an upstream's health, so its circuit breaker does not count it
 * at all: a 429, and our own refusals (the gate's, a full bulkhead). Named by
 * {@code resilience4j.circuitbreaker.configs.default.ignore-exception-predicate}. Public,
 * with a public constructor: Resilience4j creates it from its class name.
 */
public final class NoVerdict implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable ex) {
		return ex instanceof BulkheadFullException || (ex instanceof UpstreamException failure
				&& (failure.reason() == FailureReason.RATE_LIMITED || failure.reason() == FailureReason.BULKHEAD_FULL));
	}

}

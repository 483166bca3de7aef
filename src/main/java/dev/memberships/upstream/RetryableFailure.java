package dev.memberships.upstream;

import java.util.function.Predicate;

/**
 * What is worth another attempt: connect errors, timeouts (ours or a 408) and 5xx. Never
 * another 4xx: a 401 gets a new token in the clients, a 429 waits at the gate. Named by
 * {@code resilience4j.retry.configs.default.retry-exception-predicate}. Public, with a
 * public constructor: Resilience4j creates it from its class name.
 */
public final class RetryableFailure implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable ex) {
		if (!(ex instanceof UpstreamException failure)) {
			return false;
		}
		return failure.reason() == FailureReason.TIMEOUT || (failure.reason() == FailureReason.UPSTREAM_ERROR
				&& (failure.statusCode() == 0 || failure.statusCode() >= 500));
	}

}

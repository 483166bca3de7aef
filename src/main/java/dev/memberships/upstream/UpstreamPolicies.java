package dev.memberships.upstream;

import java.time.Clock;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Which failures count for what, and the Resilience4j settings built from a policy: what
 * is retried, what opens a breaker, what says nothing about an upstream's health.
 */
final class UpstreamPolicies {

	private UpstreamPolicies() {
	}

	/** Retries with exponential backoff, shortened at random by up to the jitter. */
	static RetryConfig retryConfig(ResilienceProperties.Retry retry, DoubleSupplier random) {
		return RetryConfig.custom().maxAttempts(retry.maxAttempts()).intervalFunction((attempts) -> {
			long ceiling = backoffCeiling(retry, attempts);
			return ceiling - (long) (ceiling * retry.jitter() * random.getAsDouble());
		}).retryOnException(UpstreamPolicies::isRetryable).failAfterMaxAttempts(false).build();
	}

	/** The longest wait before the retry that follows the given number of failures. */
	static long backoffCeiling(ResilienceProperties.Retry retry, int failures) {
		double wait = retry.initialBackoff().toMillis() * Math.pow(retry.multiplier(), Math.max(0, failures - 1));
		return (long) Math.min(wait, retry.maxBackoff().toMillis());
	}

	static CircuitBreakerConfig circuitBreakerConfig(ResilienceProperties.CircuitBreaker breaker, Clock clock) {
		return CircuitBreakerConfig.custom()
			.slidingWindow(breaker.slidingWindowSize(), breaker.minimumNumberOfCalls(), breaker.slidingWindowType())
			.failureRateThreshold(breaker.failureRateThreshold())
			.slowCallDurationThreshold(breaker.slowCallDurationThreshold())
			.slowCallRateThreshold(breaker.slowCallRateThreshold())
			.waitDurationInOpenState(breaker.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
			.recordException(UpstreamPolicies::countsAsFailure)
			.ignoreException(UpstreamPolicies::isNoVerdict)
			.clock(clock)
			.build();
	}

	/** Connect errors, timeouts and 5xx: worth another attempt. */
	static boolean isRetryable(Throwable ex) {
		if (!(ex instanceof UpstreamException failure)) {
			return false;
		}
		return failure.reason() == FailureReason.TIMEOUT || (failure.reason() == FailureReason.UPSTREAM_ERROR
				&& (failure.statusCode() == 0 || failure.statusCode() >= 500));
	}

	/**
	 * What says the upstream is unwell: no answer, an error, an unreadable answer. Other
	 * 4xx are answers, so successes for the breaker.
	 */
	static boolean countsAsFailure(Throwable ex) {
		return ex instanceof UpstreamException failure && (failure.reason() == FailureReason.UPSTREAM_ERROR
				|| failure.reason() == FailureReason.TIMEOUT || failure.reason() == FailureReason.BAD_RESPONSE);
	}

	/** A 429 or our own refusal says nothing about the upstream's health. */
	static boolean isNoVerdict(Throwable ex) {
		return ex instanceof BulkheadFullException || (ex instanceof UpstreamException failure
				&& (failure.reason() == FailureReason.RATE_LIMITED || failure.reason() == FailureReason.BULKHEAD_FULL));
	}

	/** A 429 the upstream answered, as opposed to our gate refusing to wait. */
	static boolean isRateLimitedAnswer(Throwable ex) {
		return ex instanceof UpstreamException failure && failure.reason() == FailureReason.RATE_LIMITED
				&& failure.statusCode() == 429;
	}

	/**
	 * Failures that start a backoff: not our own refusals (an open breaker, a full
	 * bulkhead) nor rate limits, which have their own waits at the gate.
	 */
	static boolean startsBackoff(UpstreamException ex) {
		return switch (ex.reason()) {
			case CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMITED -> false;
			default -> true;
		};
	}

}

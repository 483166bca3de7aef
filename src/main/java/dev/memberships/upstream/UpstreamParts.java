package dev.memberships.upstream;

import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * The protections of one upstream, before {@link UpstreamResilience} puts them in order.
 *
 * @param name the upstream, as its instances, metrics and failures are named
 * @param minTimeForCall what must be left of the deadline to start a call, retry or wait
 * @param rateLimitRetries times a call that got a 429 waits for the gate and tries again
 * @param gate the rate-limit gate
 * @param retryBudget the retry budget
 * @param failureBackoff a token endpoint's backoff after failed fetches
 * @param circuitBreaker the Resilience4j circuit breaker named after the upstream
 * @param retry the Resilience4j retry named after the upstream
 * @param bulkhead the Resilience4j bulkhead named after the upstream
 * @param metrics what the upstream did
 */
record UpstreamParts(String name, Duration minTimeForCall, int rateLimitRetries, RateLimitGate gate,
		RetryBudget retryBudget, Optional<FailureBackoff> failureBackoff, CircuitBreaker circuitBreaker, Retry retry,
		Bulkhead bulkhead, UpstreamMetrics metrics) {

}

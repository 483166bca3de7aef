package dev.memberships.upstream;

/**
 * What a failure says about an upstream, for the decisions Resilience4j's configuration
 * does not make: waiting out a 429, and a token endpoint's backoff. What is retried and
 * what the breaker counts are the predicates named in {@code resilience4j.*}:
 * {@link RetryableFailure}, {@link UnwellUpstream}, {@link NoVerdict}.
 */
final class UpstreamFailures {

	private UpstreamFailures() {
	}

	/** A 429 the upstream answered, as opposed to our gate refusing to wait. */
	static boolean isRateLimitedAnswer(Throwable ex) {
		return ex instanceof UpstreamException failure && failure.reason() == FailureReason.RATE_LIMITED
				&& failure.statusCode() == 429;
	}

	/**
	 * Failures that start a token endpoint's backoff: not our own refusals (an open
	 * breaker, a full bulkhead) nor rate limits, which have their own waits at the gate.
	 */
	static boolean startsBackoff(UpstreamException ex) {
		return switch (ex.reason()) {
			case CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMITED -> false;
			default -> true;
		};
	}

}

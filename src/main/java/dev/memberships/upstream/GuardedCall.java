package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One try of an upstream call, the innermost layer of {@link UpstreamResilience}: the
 * upstream's {@code CircuitBreaker}, then its {@code Bulkhead}, then the call, cut off
 * when the deadline comes. The one timeout on the upstream side, and the one place a
 * failure becomes an {@link UpstreamException}.
 */
final class GuardedCall {

	/**
	 * Calls are cut off this much before the deadline, so that the breaker sees the
	 * timeout before the caller stops waiting.
	 */
	static final Duration TIMEOUT_MARGIN = Duration.ofMillis(20);

	private final String name;

	private final Clock clock;

	private final Scheduler scheduler;

	// Composed once per upstream, not per call.
	private final BulkheadOperator<Object> bulkhead;

	private final CircuitBreakerOperator<Object> circuitBreaker;

	GuardedCall(UpstreamParts parts, Clock clock, Scheduler scheduler) {
		this.name = parts.name();
		this.clock = clock;
		this.scheduler = scheduler;
		this.bulkhead = BulkheadOperator.of(parts.bulkhead());
		this.circuitBreaker = CircuitBreakerOperator.of(parts.circuitBreaker());
	}

	/**
	 * The call under the breaker and the bulkhead, cut off at the deadline.
	 * @param call the call; cold, so that each try subscribes again
	 * @param deadline when the answer is due
	 * @return the call's answer, or an {@link UpstreamException}
	 */
	<T> Mono<T> guarded(Mono<T> call, Deadline deadline) {
		return Mono.defer(() -> {
			Duration left = deadline.remaining(this.clock).minus(TIMEOUT_MARGIN);
			return call.timeout(left.isPositive() ? left : Duration.ofMillis(1), this.scheduler)
				.onErrorMap((ex) -> UpstreamErrors.translate(this.name, ex));
		})
			.transformDeferred(operator(this.bulkhead))
			.transformDeferred(operator(this.circuitBreaker))
			.onErrorMap(CallNotPermittedException.class,
					(ex) -> new UpstreamException(this.name, FailureReason.CIRCUIT_OPEN))
			.onErrorMap(BulkheadFullException.class,
					(ex) -> new UpstreamException(this.name, FailureReason.BULKHEAD_FULL));
	}

	// Resilience4j's operators hold only their bulkhead or breaker, whatever the element
	// type: one of each serves every call.
	@SuppressWarnings("unchecked")
	private static <T> UnaryOperator<Publisher<T>> operator(UnaryOperator<? extends Publisher<?>> operator) {
		return (UnaryOperator<Publisher<T>>) operator;
	}

}

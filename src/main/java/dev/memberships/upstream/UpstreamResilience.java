package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.retry.Retry;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.ContextView;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Everything that protects one upstream, and the one place it is applied. Per upstream: a
 * {@link RateLimitGate}, a {@link RetryBudget}, and the Resilience4j {@link Retry},
 * {@link CircuitBreaker} and {@link Bulkhead} named after it (configured under
 * {@code resilience4j.*}). A token endpoint also has a {@link FailureBackoff}.
 * <p>
 * {@link #decorate} wraps one upstream call, outermost first:
 * <ol>
 * <li>the failure backoff (token endpoints): fail at once while backing off;</li>
 * <li>waiting out a 429: the call is tried again once the gate reopens, when its deadline
 * allows;</li>
 * <li>{@code Retry} ({@link DeadlineRetry}): within the attempts, the retry budget and
 * the deadline;</li>
 * <li>the rate-limit gate: the wait for it holds neither a bulkhead slot nor a breaker
 * permit;</li>
 * <li>{@code CircuitBreaker}, then {@code Bulkhead};</li>
 * <li>the call, cut off when the deadline comes: the one timeout on the upstream side,
 * and the one place a failure becomes an {@link UpstreamException}.</li>
 * </ol>
 * The gate sees every answer's headers through {@link #filter()}, which the upstream's
 * {@code WebClient} must carry.
 */
public final class UpstreamResilience {

	/**
	 * Calls are cut off this much before the deadline, so that the breaker sees the
	 * timeout before the caller stops waiting.
	 */
	static final Duration TIMEOUT_MARGIN = Duration.ofMillis(20);

	private final String name;

	private final UpstreamParts parts;

	private final Duration defaultDeadline;

	private final Clock clock;

	private final Scheduler scheduler;

	private final DeadlineRetry retry;

	// Composed once per upstream, not per call.
	private final BulkheadOperator<Object> bulkhead;

	private final CircuitBreakerOperator<Object> circuitBreaker;

	UpstreamResilience(UpstreamParts parts, Duration defaultDeadline, Clock clock, Scheduler scheduler) {
		this.name = parts.name();
		this.parts = parts;
		this.defaultDeadline = defaultDeadline;
		this.clock = clock;
		this.scheduler = scheduler;
		this.retry = new DeadlineRetry(parts.retry(), parts.retryBudget(), parts.minTimeForCall(), clock, scheduler,
				parts.metrics()::retried);
		this.bulkhead = BulkheadOperator.of(parts.bulkhead());
		this.circuitBreaker = CircuitBreakerOperator.of(parts.circuitBreaker());
	}

	public String name() {
		return this.name;
	}

	/** Its protections, for the health indicator. */
	/**
	 * Shares this upstream's rate limit with the other instances of the service: its gate
	 * also asks, and tells, the tenant's gate.
	 * @param tenant the tenant-wide gate
	 */
	public void shareRateLimitWith(TenantGate tenant) {
		this.parts.gate().shareWith(tenant);
	}

	UpstreamParts parts() {
		return this.parts;
	}

	/**
	 * The filter the upstream's {@code WebClient} must carry: it shows every answer's
	 * status and headers to the rate-limit gate, as soon as they arrive.
	 */
	ExchangeFilterFunction filter() {
		return (request, next) -> Mono.deferContextual((context) -> {
			Optional<RateLimitState.Permit> permit = context.getOrEmpty(RateLimitState.Permit.class);
			return next.exchange(request).doOnNext((response) -> {
				RateLimitHeaders headers = RateLimitHeaders.of(response.headers().asHttpHeaders(), this.clock);
				this.parts.gate().record(permit, response.statusCode(), headers);
				this.parts.metrics().answered(response.statusCode(), headers);
			});
		});
	}

	/**
	 * Gives a whole operation (several upstream calls, a token fetch included) one
	 * deadline: the subscriber's, or the default one from now when it brings none. Each
	 * call made for it is cut off at that deadline, and none starts after it.
	 * @param operation the operation
	 * @return the operation, its calls under one deadline
	 */
	public <T> Mono<T> withDeadline(Mono<T> operation) {
		return Mono.deferContextual((context) -> operation.contextWrite(deadline(context).asContext()));
	}

	/**
	 * Applies the upstream's policy to one call. The call must be cold: each retry
	 * subscribes to it again.
	 * @param call the call, going out through a {@code WebClient} that carries
	 * {@link #filter()}
	 * @return the call's answer, or an {@link UpstreamException}
	 */
	public <T> Mono<T> decorate(Mono<T> call) {
		return Mono.deferContextual((context) -> {
			Deadline deadline = deadline(context);
			Mono<T> protectedCall = Mono.defer(() -> {
				this.parts.retryBudget().recordCall();
				UpstreamMetrics.Started started = this.parts.metrics().start();
				return waitingOutRateLimits(call, deadline, this.parts.rateLimitRetries())
					.doOnSuccess((value) -> started.succeeded())
					.doOnError(UpstreamException.class, (failure) -> started.failed(failure, context));
			});
			return this.parts.failureBackoff()
				.map((backoff) -> backoff.around(this.name, protectedCall))
				.orElse(protectedCall)
				.contextWrite(deadline.asContext());
		});
	}

	/** Forgets every answer, closes the breaker and ends a token endpoint's backoff. */
	void reset() {
		this.parts.gate().reset();
		this.parts.retryBudget().reset();
		this.parts.circuitBreaker().reset();
		this.parts.failureBackoff().ifPresent(FailureBackoff::onSuccess);
	}

	private <T> Mono<T> waitingOutRateLimits(Mono<T> call, Deadline deadline, int retriesLeft) {
		RateLimitGate gate = this.parts.gate();
		return this.retry.retried(attempt(call, deadline), deadline)
			.onErrorResume(UpstreamFailures::isRateLimitedAnswer, (ex) -> {
				if (retriesLeft > 0 && gate.canWaitWithin(deadline)) {
					// The gate is closed now: the next attempt waits there until it
					// opens.
					return waitingOutRateLimits(call, deadline, retriesLeft - 1);
				}
				// The caller is told how long the gate stays closed: the one wait after a
				// 429 (RateLimitWaits), capped and with the jitter the gate drew.
				UpstreamException failure = (UpstreamException) ex;
				Duration closedFor = gate.closedFor();
				return Mono.error(new UpstreamException(failure.upstream(), failure.reason(), failure.statusCode(),
						closedFor.isPositive() ? Optional.of(closedFor) : Optional.empty()));
			});
	}

	private <T> Mono<T> attempt(Mono<T> call, Deadline deadline) {
		RateLimitGate gate = this.parts.gate();
		return Mono.defer(() -> {
			if (deadline.remaining(this.clock).compareTo(this.parts.minTimeForCall()) < 0) {
				return Mono.<T>error(timeout());
			}
			UpstreamMetrics.Started waiting = this.parts.metrics().start();
			return gate.acquire(deadline)
				.doOnNext((permit) -> waiting.waitedAtGate())
				.flatMap((permit) -> guarded(call, deadline)
					.contextWrite((context) -> context.put(RateLimitState.Permit.class, permit))
					.doFinally((signal) -> gate.release(permit)));
		});
	}

	private <T> Mono<T> guarded(Mono<T> call, Deadline deadline) {
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

	private Deadline deadline(ContextView context) {
		return Deadline.from(context).orElseGet(() -> Deadline.after(this.defaultDeadline, this.clock));
	}

	private UpstreamException timeout() {
		return new UpstreamException(this.name, FailureReason.TIMEOUT);
	}

}

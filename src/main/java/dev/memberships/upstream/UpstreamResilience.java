package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Everything that protects one upstream, and the one place it is applied. Per upstream: a
 * {@link RateLimitGate}, a {@link RetryBudget}, and a Resilience4j {@link Retry},
 * {@link CircuitBreaker} and {@link Bulkhead} named after the upstream and held by the
 * application's Resilience4j registries, so that their metrics are published. A token
 * endpoint also has a {@link FailureBackoff}.
 * <p>
 * {@link #decorate} wraps one upstream call, outermost first:
 * <ol>
 * <li>the failure backoff (token endpoints): fail at once while backing off;</li>
 * <li>waiting out a 429: the call is tried again once the gate reopens, when its deadline
 * allows;</li>
 * <li>{@code Retry}: connect errors, timeouts and 5xx, within the attempts, the retry
 * budget and the deadline;</li>
 * <li>the rate-limit gate: the wait for it holds neither a bulkhead slot nor a breaker
 * permit;</li>
 * <li>{@code CircuitBreaker}, then {@code Bulkhead};</li>
 * <li>the call, cut off when the deadline comes.</li>
 * </ol>
 * The gate sees every answer's headers through {@link #filter()}, which the upstream's
 * {@code WebClient} must carry.
 */
public final class UpstreamResilience {

	/**
	 * Calls are cut off this much before the deadline, so that the breaker sees the
	 * timeout before the caller's own bound cancels the call.
	 */
	static final Duration TIMEOUT_MARGIN = Duration.ofMillis(20);

	private final String name;

	private final ResilienceProperties.Upstream policy;

	private final Duration defaultDeadline;

	private final Clock clock;

	private final Scheduler scheduler;

	private final DoubleSupplier random;

	private final RateLimitGate gate;

	private final RetryBudget retryBudget;

	private final FailureBackoff failureBackoff;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final Bulkhead bulkhead;

	private final UpstreamMetrics metrics;

	UpstreamResilience(String name, ResilienceProperties.Upstream policy,
			ResilienceProperties.FailureBackoff failureBackoff, Duration defaultDeadline, Clock clock,
			Scheduler scheduler, DoubleSupplier random, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			BulkheadRegistry bulkheads, MeterRegistry meterRegistry) {
		this.name = name;
		this.metrics = new UpstreamMetrics(name, meterRegistry);
		this.policy = policy;
		this.defaultDeadline = defaultDeadline;
		this.clock = clock;
		this.scheduler = scheduler;
		this.random = random;
		this.gate = new RateLimitGate(name, policy.rateLimit(), policy.minTimeForCall(), clock, scheduler, random);
		this.retryBudget = new RetryBudget(policy.retryBudget(), clock);
		this.failureBackoff = (failureBackoff != null) ? new FailureBackoff(failureBackoff, clock, random) : null;
		this.circuitBreaker = circuitBreakers.circuitBreaker(name,
				UpstreamPolicies.circuitBreakerConfig(policy.circuitBreaker(), clock));
		this.retry = retries.retry(name, UpstreamPolicies.retryConfig(policy.retry(), random));
		this.bulkhead = bulkheads.bulkhead(name,
				BulkheadConfig.custom()
					.maxConcurrentCalls(policy.bulkhead().maxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build());
		this.retry.getEventPublisher().onRetry((event) -> this.metrics.retried());
	}

	public String name() {
		return this.name;
	}

	public RateLimitGate gate() {
		return this.gate;
	}

	public RetryBudget retryBudget() {
		return this.retryBudget;
	}

	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	public Retry retry() {
		return this.retry;
	}

	public Bulkhead bulkhead() {
		return this.bulkhead;
	}

	/**
	 * The filter the upstream's {@code WebClient} must carry: it shows every answer's
	 * status and headers to the rate-limit gate, as soon as they arrive.
	 */
	public ExchangeFilterFunction filter() {
		return (request, next) -> Mono.deferContextual((context) -> {
			RateLimitGate.Permit permit = context.getOrDefault(RateLimitGate.Permit.class, null);
			return next.exchange(request).doOnNext((response) -> {
				this.gate.record(permit, response.statusCode(), response.headers().asHttpHeaders());
				this.metrics.answered(response.statusCode(), response.headers().asHttpHeaders());
			});
		});
	}

	/**
	 * Bounds a whole operation (several upstream calls, a token fetch included) by the
	 * deadline in the subscriber's context, or by the default deadline from now when
	 * there is none; the deadline is then in the context of every call made for it.
	 * @param operation the operation
	 * @return the operation, failing with {@code TIMEOUT} when the deadline comes
	 */
	public <T> Mono<T> withinDeadline(Mono<T> operation) {
		return Mono.deferContextual((context) -> {
			Deadline deadline = deadline(context);
			Duration left = deadline.remaining(this.clock);
			if (!left.isPositive()) {
				return Mono.<T>error(timeout());
			}
			return operation.timeout(left, this.scheduler)
				.onErrorMap(TimeoutException.class, (ex) -> timeout())
				.contextWrite(deadline.asContext());
		});
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
			if (this.failureBackoff != null) {
				UpstreamException blocked = this.failureBackoff.blocked(this.name);
				if (blocked != null) {
					return Mono.<T>error(blocked);
				}
			}
			this.retryBudget.recordCall();
			long started = System.nanoTime();
			Mono<T> result = waitingOutRateLimits(call, deadline, this.policy.rateLimit().maxRetries())
				.onErrorMap((ex) -> UpstreamErrors.translate(this.name, ex))
				.doOnSuccess((value) -> this.metrics.called(started, null))
				.doOnError((ex) -> this.metrics.called(started, ex));
			if (this.failureBackoff != null) {
				result = result.doOnSuccess((value) -> this.failureBackoff.onSuccess())
					.doOnError(UpstreamException.class, (ex) -> {
						if (UpstreamPolicies.startsBackoff(ex)) {
							this.failureBackoff.onFailure(ex);
						}
					});
			}
			return result.contextWrite(deadline.asContext());
		});
	}

	/** Forgets every answer and closes the breaker; for tests. */
	public void reset() {
		this.gate.reset();
		this.retryBudget.reset();
		this.circuitBreaker.reset();
		if (this.failureBackoff != null) {
			this.failureBackoff.onSuccess();
		}
	}

	private <T> Mono<T> waitingOutRateLimits(Mono<T> call, Deadline deadline, int retriesLeft) {
		return retried(call, deadline).onErrorResume(UpstreamPolicies::isRateLimitedAnswer, (ex) -> {
			if (retriesLeft > 0 && this.gate.canWaitWithin(deadline)) {
				// The gate is closed now: the next attempt waits there until it opens.
				return waitingOutRateLimits(call, deadline, retriesLeft - 1);
			}
			UpstreamException failure = (UpstreamException) ex;
			Duration closedFor = this.gate.closedFor();
			if (failure.retryAfter().isEmpty() && closedFor.isPositive()) {
				failure = new UpstreamException(failure.upstream(), failure.reason(), failure.statusCode(), closedFor);
			}
			return Mono.error(failure);
		});
	}

	private <T> Mono<T> retried(Mono<T> call, Deadline deadline) {
		return Mono.defer(() -> {
			AtomicInteger failures = new AtomicInteger();
			return attempt(call, deadline)
				.onErrorMap((ex) -> declineRetryIfNeeded(ex, failures.incrementAndGet(), deadline))
				.transformDeferred(RetryOperator.of(this.retry))
				.onErrorMap(RetryDeclined.class, Throwable::getCause);
		});
	}

	private <T> Mono<T> attempt(Mono<T> call, Deadline deadline) {
		return Mono.defer(() -> {
			if (deadline.remaining(this.clock).compareTo(this.policy.minTimeForCall()) < 0) {
				return Mono.<T>error(timeout());
			}
			long waitStarted = System.nanoTime();
			return this.gate.acquire(deadline)
				.doOnNext((permit) -> this.metrics.waitedAtGate(Duration.ofNanos(System.nanoTime() - waitStarted)))
				.flatMap((permit) -> guarded(call, deadline)
					.contextWrite((context) -> context.put(RateLimitGate.Permit.class, permit))
					.doFinally((signal) -> this.gate.release(permit)));
		});
	}

	private <T> Mono<T> guarded(Mono<T> call, Deadline deadline) {
		return Mono.defer(() -> {
			Duration left = deadline.remaining(this.clock).minus(TIMEOUT_MARGIN);
			return call.timeout(left.isPositive() ? left : Duration.ofMillis(1), this.scheduler)
				.onErrorMap((ex) -> UpstreamErrors.translate(this.name, ex));
		})
			.transformDeferred(BulkheadOperator.of(this.bulkhead))
			.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
			.onErrorMap(CallNotPermittedException.class,
					(ex) -> new UpstreamException(this.name, FailureReason.CIRCUIT_OPEN))
			.onErrorMap(BulkheadFullException.class,
					(ex) -> new UpstreamException(this.name, FailureReason.BULKHEAD_FULL));
	}

	/**
	 * Lets a retryable failure through to {@code Retry} only when another attempt is
	 * worth it: attempts left, its backoff and the call fit into the deadline, and the
	 * retry budget allows it.
	 */
	private Throwable declineRetryIfNeeded(Throwable ex, int failures, Deadline deadline) {
		if (!UpstreamPolicies.isRetryable(ex) || failures >= this.policy.retry().maxAttempts()) {
			return ex;
		}
		Duration longestBackoff = Duration.ofMillis(UpstreamPolicies.backoffCeiling(this.policy.retry(), failures));
		if (deadline.remaining(this.clock).compareTo(longestBackoff.plus(this.policy.minTimeForCall())) < 0) {
			return new RetryDeclined(ex);
		}
		if (!this.retryBudget.tryAcquireRetry()) {
			return new RetryDeclined(ex);
		}
		return ex;
	}

	private Deadline deadline(reactor.util.context.ContextView context) {
		return Deadline.from(context).orElseGet(() -> Deadline.after(this.defaultDeadline, this.clock));
	}

	private UpstreamException timeout() {
		return new UpstreamException(this.name, FailureReason.TIMEOUT);
	}

	/** A retryable failure that is not to be retried; unwrapped after the retry. */
	private static final class RetryDeclined extends RuntimeException {

		RetryDeclined(Throwable cause) {
			super(null, cause, false, false);
		}

	}

}

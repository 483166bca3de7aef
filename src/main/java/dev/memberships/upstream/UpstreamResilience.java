package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
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
 * The second to the fourth are {@link GatedAttempts}, the last two {@link GuardedCall}.
 * The gate sees every answer's headers through {@link #filter()}, which the upstream's
 * {@code WebClient} must carry.
 */
public final class UpstreamResilience {

	private final String name;

	private final UpstreamParts parts;

	private final Duration defaultDeadline;

	private final Clock clock;

	private final GatedAttempts attempts;

	UpstreamResilience(UpstreamParts parts, Duration defaultDeadline, Clock clock, Scheduler scheduler) {
		this.name = parts.name();
		this.parts = parts;
		this.defaultDeadline = defaultDeadline;
		this.clock = clock;
		this.attempts = new GatedAttempts(parts, clock, scheduler);
	}

	public String name() {
		return this.name;
	}

	/**
	 * Shares this upstream's rate limit with the other instances of the service: its gate
	 * also asks, and tells, the tenant's gate.
	 * @param tenant the tenant-wide gate
	 */
	public void shareRateLimitWith(TenantGate tenant) {
		this.parts.gate().shareWith(tenant);
	}

	/** Its protections, for the health indicator. */
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
				return this.attempts.attempted(call, deadline)
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

	private Deadline deadline(ContextView context) {
		return Deadline.from(context).orElseGet(() -> Deadline.after(this.defaultDeadline, this.clock));
	}

}

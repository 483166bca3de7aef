package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The attempts of one upstream call, between the failure backoff and the
 * {@link GuardedCall} in {@link UpstreamResilience}'s order: after a 429 the call is
 * tried again once the gate reopens, when its deadline allows; within that, {@code Retry}
 * ({@link DeadlineRetry}) within the attempts, the retry budget and the deadline; and
 * each attempt waits at the rate-limit gate first, so that the wait holds neither a
 * bulkhead slot nor a breaker permit.
 */
final class GatedAttempts {

	private final UpstreamParts parts;

	private final Clock clock;

	private final DeadlineRetry retry;

	private final GuardedCall guard;

	GatedAttempts(UpstreamParts parts, Clock clock, Scheduler scheduler) {
		this.parts = parts;
		this.clock = clock;
		this.retry = new DeadlineRetry(parts.retry(), parts.retryBudget(), parts.minTimeForCall(), clock, scheduler,
				parts.metrics()::retried);
		this.guard = new GuardedCall(parts, clock, scheduler);
	}

	/**
	 * The call, attempted while the 429s, the retry policy and the deadline allow.
	 * @param call the call; cold, so that each attempt subscribes again
	 * @param deadline when the answer is due
	 * @return the call's answer, or an {@link UpstreamException}
	 */
	<T> Mono<T> attempted(Mono<T> call, Deadline deadline) {
		return waitingOutRateLimits(call, deadline, this.parts.rateLimitRetries());
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
				.flatMap((permit) -> this.guard.guarded(call, deadline)
					.contextWrite((context) -> context.put(RateLimitState.Permit.class, permit))
					.doFinally((signal) -> gate.release(permit)));
		});
	}

	private UpstreamException timeout() {
		return new UpstreamException(this.parts.name(), FailureReason.TIMEOUT);
	}

}

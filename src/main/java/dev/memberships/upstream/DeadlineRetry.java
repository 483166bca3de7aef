package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.retry.Retry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One upstream's Resilience4j {@link Retry}, driven so that a retry goes out only when it
 * fits: the instance decides whether a failure is retried and how long to wait first (its
 * {@code retry-exception-predicate}, {@code max-attempts} and exponential, randomized
 * interval), then the retry budget must allow it and the wait plus
 * {@code min-time-for-call} must fit into the deadline.
 * <p>
 * Written out rather than Resilience4j's {@code RetryOperator}, which waits whatever the
 * deadline and on Reactor's default scheduler: here the wait is known before it is taken,
 * and taken on the upstream's scheduler (virtual time in tests).
 */
final class DeadlineRetry {

	private final Retry retry;

	private final RetryBudget budget;

	private final Duration minTimeForCall;

	private final Clock clock;

	private final Scheduler scheduler;

	private final Runnable onRetry;

	/**
	 * Drives the given retry.
	 * @param retry the upstream's Resilience4j retry
	 * @param budget the upstream's retry budget
	 * @param minTimeForCall what must be left of the deadline after a wait
	 * @param clock the clock the deadline is judged by
	 * @param scheduler where waits are taken
	 * @param onRetry told of each retry that goes out (Resilience4j's own retry event
	 * also fires for a retry the budget or the deadline then declines)
	 */
	DeadlineRetry(Retry retry, RetryBudget budget, Duration minTimeForCall, Clock clock, Scheduler scheduler,
			Runnable onRetry) {
		this.retry = retry;
		this.budget = budget;
		this.minTimeForCall = minTimeForCall;
		this.clock = clock;
		this.scheduler = scheduler;
		this.onRetry = onRetry;
	}

	/**
	 * The attempt, tried again while the policy, the budget and the deadline allow.
	 * @param attempt one attempt; cold, so that each retry subscribes again
	 * @param deadline when the answer is due
	 * @return the first success, or the last failure
	 */
	<T> Mono<T> retried(Mono<T> attempt, Deadline deadline) {
		return Mono.defer(() -> retried(attempt, deadline, this.retry.<T>asyncContext()));
	}

	private <T> Mono<T> retried(Mono<T> attempt, Deadline deadline, Retry.AsyncContext<T> context) {
		return attempt.doOnSuccess((value) -> context.onComplete()).onErrorResume((ex) -> {
			long waitMillis = context.onError(ex);
			if (waitMillis < 0 || !fits(Duration.ofMillis(waitMillis), deadline) || !this.budget.tryAcquireRetry()) {
				return Mono.error(ex);
			}
			this.onRetry.run();
			return Mono.delay(Duration.ofMillis(waitMillis), this.scheduler).then(retried(attempt, deadline, context));
		});
	}

	private boolean fits(Duration wait, Deadline deadline) {
		return deadline.remaining(this.clock).compareTo(wait.plus(this.minTimeForCall)) >= 0;
	}

}

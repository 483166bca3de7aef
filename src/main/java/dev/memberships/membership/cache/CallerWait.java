package dev.memberships.membership.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * One caller's wait for a cache load it may share with callers whose deadlines come
 * later: it stops waiting at its own {@link Deadline}, and leaves the load running.
 *
 * @param timeout how long the caller may wait, empty when it has no deadline
 */
record CallerWait(Optional<Duration> timeout) {

	/** The wait of the caller whose context this is, from now. */
	static CallerWait of(ContextView context, Clock clock) {
		return new CallerWait(Deadline.from(context).map((deadline) -> deadline.remaining(clock)));
	}

	/** The load's answer, or {@code TIMEOUT} when the caller's deadline comes first. */
	<T> Mono<T> on(CompletableFuture<T> load) {
		// Cancelling one waiter must not cancel the load the others share.
		Mono<T> shared = Mono.fromFuture(load, true);
		return this.timeout.map(
				(left) -> shared.timeout(left, Mono.error(() -> new UpstreamException("cache", FailureReason.TIMEOUT))))
			.orElse(shared);
	}

}

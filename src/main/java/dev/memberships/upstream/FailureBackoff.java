package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * Keeps a failing token endpoint from being asked again and again: after a failed fetch,
 * further fetches fail at once until a {@link Backoff} has passed, growing with each
 * failure in a row. A success forgets the failures.
 * <p>
 * Not a Resilience4j circuit breaker with a growing open-state wait, though it behaves
 * like one that opens on a single failure: an open breaker cannot say how long it stays
 * open, and callers are told that ({@code Retry-After} on a 503), nor which failure
 * opened it.
 */
final class FailureBackoff {

	private final Backoff backoff;

	private final Clock clock;

	private int failuresInARow;

	private Instant blockedUntil = Instant.EPOCH;

	private Optional<UpstreamException> lastFailure = Optional.empty();

	FailureBackoff(Backoff backoff, Clock clock) {
		this.backoff = backoff;
		this.clock = clock;
	}

	/**
	 * A fetch that fails at once while backing off, and counts its outcome otherwise.
	 * @param upstream the name a refusal is reported under
	 * @param fetch the fetch
	 * @return the fetch, behind the backoff
	 */
	<T> Mono<T> around(String upstream, Mono<T> fetch) {
		return Mono.defer(() -> blocked(upstream).map(Mono::<T>error)
			.orElseGet(() -> fetch.doOnSuccess((value) -> onSuccess()).doOnError(UpstreamException.class, (ex) -> {
				if (UpstreamFailures.startsBackoff(ex)) {
					onFailure(ex);
				}
			})));
	}

	/**
	 * The failure to answer with while backing off; empty when a fetch may go out.
	 * @param upstream the name the failure is reported under
	 */
	private synchronized Optional<UpstreamException> blocked(String upstream) {
		Duration left = Duration.between(this.clock.instant(), this.blockedUntil);
		if (!left.isPositive()) {
			return Optional.empty();
		}
		return this.lastFailure.map((last) -> new UpstreamException(upstream, last.reason(), last.statusCode(), left));
	}

	/** Counts a failed fetch and starts the next, longer backoff. */
	private synchronized void onFailure(UpstreamException failure) {
		this.failuresInARow++;
		this.lastFailure = Optional.of(failure);
		this.blockedUntil = this.clock.instant().plus(this.backoff.after(this.failuresInARow));
	}

	/** Forgets the failures. */
	synchronized void onSuccess() {
		this.failuresInARow = 0;
		this.blockedUntil = Instant.EPOCH;
	}

}

package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The waits a call takes at a {@link RateLimitGate}, for this instance's state to let it
 * go and for the tenant's (how long the gate stays closed is {@link RateLimitWaits}'s):
 * taken without blocking a thread, on the gate's scheduler, and only when the wait fits
 * into what is left of the call's deadline; otherwise the call is refused at once with
 * {@code RATE_LIMITED} and the wait as {@code Retry-After}.
 */
final class GateWaits {

	/** What a call refused while a probe is out is told to wait. */
	private static final Duration PROBE_WAIT = Duration.ofSeconds(1);

	private final String upstream;

	private final LockedRateLimitState state;

	private final Duration minTimeForCall;

	private final Clock clock;

	private final Scheduler scheduler;

	/**
	 * Creates the waits of one gate.
	 * @param upstream the name failures are reported under
	 * @param state what this instance's gate knows
	 * @param minTimeForCall a wait is only taken when this much of the deadline is left
	 * after it
	 * @param clock the clock deadlines are read by
	 * @param scheduler the scheduler the gate waits on
	 */
	GateWaits(String upstream, LockedRateLimitState state, Duration minTimeForCall, Clock clock, Scheduler scheduler) {
		this.upstream = upstream;
		this.state = state;
		this.minTimeForCall = minTimeForCall;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	/**
	 * Waits until this instance's state lets a call go out, then hands over its permit.
	 * @param deadline the call's deadline
	 * @return the permit, or an {@link UpstreamException} with reason
	 * {@code RATE_LIMITED} when the wait does not fit into the deadline
	 */
	Mono<RateLimitState.Permit> acquireLocally(Deadline deadline) {
		return Mono.defer(() -> {
			LockedRateLimitState.Asked asked = this.state.ask();
			Duration left = left(deadline);
			return switch (asked.entry()) {
				case RateLimitState.Entry.Go go -> Mono.just(go.permit());
				case RateLimitState.Entry.AfterProbe afterProbe ->
					afterProbe(asked.changed(), left, () -> acquireLocally(deadline));
				case RateLimitState.Entry.Closed closed ->
					after(closed.duration(), left, () -> acquireLocally(deadline));
			};
		});
	}

	/**
	 * How long a call with the given deadline can wait and still have time for the call.
	 */
	Duration left(Deadline deadline) {
		return deadline.remaining(this.clock).minus(this.minTimeForCall);
	}

	/** Whether a call with the given deadline can wait this long. */
	boolean fits(Duration wait, Deadline deadline) {
		return wait.compareTo(left(deadline)) <= 0;
	}

	/**
	 * Waits, then goes on; or refuses when the wait is longer than what is left.
	 * @param wait the wait
	 * @param left what is left for waiting, see {@link #left}
	 * @param next what follows the wait, made once the wait is taken
	 * @return what follows, or an {@link UpstreamException} with reason
	 * {@code RATE_LIMITED}
	 */
	<T> Mono<T> after(Duration wait, Duration left, Supplier<Mono<T>> next) {
		return (wait.compareTo(left) > 0) ? Mono.error(refused(wait))
				: Mono.delay(wait, this.scheduler).then(next.get());
	}

	/**
	 * Waits for a probe's answer, then goes on; or refuses when it does not come within
	 * what is left.
	 * @param changed completes when the probe is answered or released
	 * @param left what is left for waiting, see {@link #left}
	 * @param next what follows the wait, made once the wait is taken
	 * @return what follows, or an {@link UpstreamException} with reason
	 * {@code RATE_LIMITED}
	 */
	private <T> Mono<T> afterProbe(Mono<Void> changed, Duration left, Supplier<Mono<T>> next) {
		return left.isPositive()
				? changed.timeout(left, Mono.error(() -> refused(PROBE_WAIT)), this.scheduler).then(next.get())
				: Mono.error(refused(PROBE_WAIT));
	}

	private UpstreamException refused(Duration wait) {
		return new UpstreamException(this.upstream, FailureReason.RATE_LIMITED, 0, wait);
	}

}

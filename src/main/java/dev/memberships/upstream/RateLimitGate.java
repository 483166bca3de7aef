package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatusCode;

/**
 * One upstream's rate limit, shared by every call to it. Rate limits are tenant-wide, so
 * after a 429 no call at all goes out before the advertised time: not a per-call sleep
 * but one gate.
 * <ul>
 * <li>A 429 closes the gate for {@code Retry-After}, else until {@code X-RateLimit-Reset}
 * (epoch seconds) plus a random jitter, else for an exponential backoff with jitter;
 * never for more than the configured maximum.</li>
 * <li>Any answer's {@code X-RateLimit-Remaining} less the floor is a budget: that many
 * more calls go, less those granted after the answered call (the upstream had not counted
 * them yet), then none until {@code X-RateLimit-Reset}: the next would get a 429. A later
 * answer replaces the budget.</li>
 * <li>When a closed gate reopens, one call goes through as a probe; the others wait for
 * its answer, which either opens the gate or closes it again. A crowd behind a 429
 * therefore sends one request after the reset, then no more than its answer allows.</li>
 * <li>A call waits, without blocking a thread, only when the wait fits into what is left
 * of its deadline; otherwise it is refused at once with {@code RATE_LIMITED} and the wait
 * as {@code Retry-After}.</li>
 * </ul>
 * The gate keeps time by its scheduler, so tests can run it on virtual time; the clock
 * only turns {@code X-RateLimit-Reset} and deadlines into durations. What it knows, and
 * the decisions a gate shared between replicas would take against a store, are its
 * {@link RateLimitState}'s, behind the lock of a {@link LockedRateLimitState}; the gate
 * adds the waiting ({@link GateWaits}) and the tenant.
 */
final class RateLimitGate {

	private final Clock clock;

	private final LockedRateLimitState state;

	private final GateWaits waits;

	/** The tenant-wide part of the limit, shared with the other instances. */
	private volatile TenantGate tenant = TenantGate.LOCAL;

	/**
	 * Creates a gate.
	 * @param upstream the name failures are reported under
	 * @param policy how answers close the gate
	 * @param minTimeForCall a wait is only taken when this much of the deadline is left
	 * after it
	 * @param clock the clock deadlines and {@code X-RateLimit-Reset} are read by
	 * @param scheduler the scheduler the gate waits on and keeps its time by
	 * @param random the source of jitter, uniform in [0, 1)
	 */
	RateLimitGate(String upstream, ResilienceProperties.RateLimit policy, Duration minTimeForCall, Clock clock,
			Scheduler scheduler, DoubleSupplier random) {
		this.clock = clock;
		this.state = new LockedRateLimitState(new RateLimitState(upstream, new RateLimitWaits(policy, clock, random),
				policy.remainingFloor(), () -> scheduler.now(TimeUnit.MILLISECONDS)));
		this.waits = new GateWaits(upstream, this.state, minTimeForCall, clock, scheduler);
	}

	/**
	 * Shares this gate's "closed until" and asks every call's permission from the
	 * tenant's gate as well as from this one.
	 * @param tenant the tenant-wide gate
	 */
	void shareWith(TenantGate tenant) {
		this.tenant = tenant;
	}

	/**
	 * Waits until a call may go out, here and for the tenant, then hands over a permit
	 * for it. The permit must be given back to {@link #record} with the answer, or to
	 * {@link #release} when there was none.
	 * @param deadline the call's deadline
	 * @return the permit, or an {@link UpstreamException} with reason
	 * {@code RATE_LIMITED} when the wait does not fit into the deadline
	 */
	Mono<RateLimitState.Permit> acquire(Deadline deadline) {
		TenantGate tenant = this.tenant;
		if (tenant == TenantGate.LOCAL) {
			return this.waits.acquireLocally(deadline);
		}
		return this.waits.acquireLocally(deadline).flatMap((permit) -> tenant.permit().flatMap((wait) -> {
			if (!wait.isPositive()) {
				return Mono.just(permit);
			}
			release(permit);
			return this.waits.after(wait, this.waits.left(deadline), () -> acquire(deadline));
		}));
	}

	/**
	 * Learns from an answer: a 429 or a spent budget closes the gate; the probe's answer
	 * opens it again.
	 * @param permit the permit the call went out with, when known
	 * @param status the answer's status
	 * @param headers what the answer says of the rate limit
	 */
	void record(Optional<RateLimitState.Permit> permit, HttpStatusCode status, RateLimitHeaders headers) {
		Duration closedBefore = closedFor();
		this.state.learn(permit, status, headers);
		Duration closedFor = closedFor();
		if (closedFor.compareTo(closedBefore) > 0) {
			// This answer closed the gate, or closed it for longer: the other instances
			// must not send before then either.
			this.tenant.closedUntil(this.clock.instant().plus(closedFor));
		}
	}

	/**
	 * Gives back a permit whose call got no answer (refused, failed or cancelled), so
	 * that another call can be the probe.
	 */
	void release(RateLimitState.Permit permit) {
		if (permit.probe()) {
			this.state.release(permit);
		}
	}

	/** How long the gate stays closed from now; zero when it is open. */
	Duration closedFor() {
		return this.state.closedFor();
	}

	/**
	 * Whether a call with the given deadline could wait for the gate to open and still
	 * have time for the call.
	 */
	boolean canWaitWithin(Deadline deadline) {
		return this.waits.fits(closedFor(), deadline);
	}

	/** Opens the gate and forgets every answer. */
	void reset() {
		this.state.reset();
	}

}

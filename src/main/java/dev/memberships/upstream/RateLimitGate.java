package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpHeaders;
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
 * only turns {@code X-RateLimit-Reset} and deadlines into durations.
 */
public final class RateLimitGate {

	private static final Logger log = LoggerFactory.getLogger(RateLimitGate.class);

	/** What a call refused while a probe is out is told to wait. */
	private static final Duration PROBE_WAIT = Duration.ofSeconds(1);

	private final String upstream;

	private final Duration minTimeForCall;

	private final Clock clock;

	private final Scheduler scheduler;

	private final RateLimitWaits waits;

	private final RateLimitBudget budget;

	/** The tenant-wide part of the limit, shared with the other instances. */
	private volatile TenantGate tenant = TenantGate.LOCAL;

	/** Scheduler time, in milliseconds, before which no call goes out. */
	private long closedUntil;

	/** Whether the next call must go alone and be answered before the others go. */
	private boolean probeRequired;

	/** The probe out now: only its own answer or release may settle it. */
	private Permit probe;

	private int rateLimitedInARow;

	/**
	 * Completed, and replaced, whenever the state changes; waiters for a probe use it.
	 */
	private Sinks.Empty<Void> changed = Sinks.empty();

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
	public RateLimitGate(String upstream, ResilienceProperties.RateLimit policy, Duration minTimeForCall, Clock clock,
			Scheduler scheduler, DoubleSupplier random) {
		this.upstream = upstream;
		this.minTimeForCall = minTimeForCall;
		this.clock = clock;
		this.scheduler = scheduler;
		this.waits = new RateLimitWaits(policy, clock, random);
		this.budget = new RateLimitBudget(policy.remainingFloor());
	}

	/**
	 * Shares this gate's "closed until" and asks every call's permission from the
	 * tenant's gate as well as from this one.
	 * @param tenant the tenant-wide gate
	 */
	public void shareWith(TenantGate tenant) {
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
	public Mono<Permit> acquire(Deadline deadline) {
		TenantGate tenant = this.tenant;
		if (tenant == TenantGate.LOCAL) {
			return acquireLocally(deadline);
		}
		return acquireLocally(deadline).flatMap((permit) -> tenant.permit().flatMap((wait) -> {
			if (!wait.isPositive()) {
				return Mono.just(permit);
			}
			release(permit);
			if (wait.compareTo(deadline.remaining(this.clock).minus(this.minTimeForCall)) > 0) {
				return Mono.error(refused(wait));
			}
			return Mono.delay(wait, this.scheduler).then(acquire(deadline));
		}));
	}

	private Mono<Permit> acquireLocally(Deadline deadline) {
		return Mono.defer(() -> {
			Mono<Void> probeAnswered = null;
			long waitMillis = 0;
			synchronized (this) {
				long now = now();
				if (now < this.closedUntil) {
					waitMillis = this.closedUntil - now;
				}
				else if (!this.probeRequired) {
					Permit permit = new Permit(false, this.budget.grant());
					if (this.budget.spent()) {
						closeUntil(this.budget.drop(), "has spent its budget");
					}
					return Mono.just(permit);
				}
				else if (this.probe == null) {
					this.probe = new Permit(true, this.budget.grant());
					return Mono.just(this.probe);
				}
				else {
					probeAnswered = this.changed.asMono();
				}
			}
			Duration left = deadline.remaining(this.clock).minus(this.minTimeForCall);
			if (probeAnswered != null) {
				if (!left.isPositive()) {
					return Mono.error(refused(PROBE_WAIT));
				}
				return probeAnswered.timeout(left, Mono.error(() -> refused(PROBE_WAIT)), this.scheduler)
					.then(acquireLocally(deadline));
			}
			Duration wait = Duration.ofMillis(waitMillis);
			if (wait.compareTo(left) > 0) {
				return Mono.error(refused(wait));
			}
			return Mono.delay(wait, this.scheduler).then(acquireLocally(deadline));
		});
	}

	/**
	 * Learns from an answer: a 429 or a spent budget closes the gate; the probe's answer
	 * opens it again.
	 * @param permit the permit the call went out with, or {@code null} when unknown
	 * @param status the answer's status
	 * @param headers the answer's headers
	 */
	public void record(Permit permit, HttpStatusCode status, HttpHeaders headers) {
		boolean rateLimited = status.value() == 429;
		Duration closeFor = rateLimited ? this.waits.closeFor429(headers) : null;
		Long remaining = rateLimited ? null : this.waits.remaining(headers);
		Duration untilReset = (remaining != null) ? this.waits.untilReset(headers) : null;
		change(() -> {
			boolean closes = rateLimited;
			if (rateLimited) {
				this.budget.drop();
				Duration wait = (closeFor != null) ? closeFor : this.waits.backoff(++this.rateLimitedInARow);
				closeUntil(now() + wait.toMillis(), "answered 429");
				shareClosedUntil(now() + wait.toMillis());
			}
			else if (untilReset != null) {
				// Unknown calls are taken as the newest: nothing has gone out after them.
				long call = (permit != null) ? permit.grant() : this.budget.granted();
				closes = this.budget.update(call, remaining, now() + untilReset.toMillis());
				if (closes) {
					long until = this.budget.drop();
					closeUntil(until, "has no requests left");
					shareClosedUntil(until);
				}
			}
			if (permit != null && permit.equals(this.probe)) {
				this.probe = null;
				this.probeRequired = closes;
			}
			if (!rateLimited && !this.probeRequired) {
				this.rateLimitedInARow = 0;
			}
		});
	}

	/**
	 * Gives back a permit whose call got no answer (refused, failed or cancelled), so
	 * that another call can be the probe.
	 */
	public void release(Permit permit) {
		if (permit != null && permit.probe()) {
			change(() -> {
				if (permit.equals(this.probe)) {
					this.probe = null;
				}
			});
		}
	}

	/** How long the gate stays closed from now; zero when it is open. */
	public synchronized Duration closedFor() {
		return Duration.ofMillis(Math.max(0, this.closedUntil - now()));
	}

	/**
	 * Whether a call with the given deadline could wait for the gate to open and still
	 * have time for the call.
	 */
	public boolean canWaitWithin(Deadline deadline) {
		return closedFor().compareTo(deadline.remaining(this.clock).minus(this.minTimeForCall)) <= 0;
	}

	/** Opens the gate and forgets every answer; for tests. */
	public void reset() {
		change(() -> {
			this.closedUntil = 0;
			this.probeRequired = false;
			this.probe = null;
			this.rateLimitedInARow = 0;
			this.budget.drop();
		});
	}

	private UpstreamException refused(Duration wait) {
		return new UpstreamException(this.upstream, FailureReason.RATE_LIMITED, 0, wait);
	}

	/** Closes the gate until the given scheduler time, then sends a probe first. */
	private void closeUntil(long until, String why) {
		long now = now();
		if (until > now && this.closedUntil <= now) {
			log.warn("{} {}: no calls for {} ms", this.upstream, why, until - now);
		}
		this.closedUntil = Math.max(this.closedUntil, until);
		this.probeRequired = true;
	}

	/**
	 * Signals outside the lock: a woken waiter tries to acquire again at once, on this
	 * thread.
	 */
	private void change(Runnable change) {
		Sinks.Empty<Void> signal;
		synchronized (this) {
			change.run();
			signal = this.changed;
			this.changed = Sinks.empty();
		}
		signal.tryEmitEmpty();
	}

	/** Tells the tenant's gate, in wall-clock time, until when this gate is closed. */
	private void shareClosedUntil(long until) {
		this.tenant.closedUntil(this.clock.instant().plusMillis(until - now()));
	}

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

	/**
	 * The right of one call to go out.
	 *
	 * @param probe whether this call is the probe the others wait for
	 * @param grant the call's number, counted by the gate's budget
	 */
	public record Permit(boolean probe, long grant) {

	}

}

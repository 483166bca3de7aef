package dev.memberships.orgindex;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who goes first at the {@code auth0} gate: per-user calls or the sweep. Per-user calls
 * do, as a rule: the {@link Pacer} lets those under way finish first. But when their
 * demand alone exceeds Auth0's budget, the gate refuses the sweep's requests (or hands
 * the reopened gate to a per-user call) every time, the first sweep never completes, and
 * the demand the index would take away stays. So once the gate has refused a sweep
 * request, new per-user calls are refused at once, as the gate itself would refuse them,
 * until that request has been answered, and so for each of the next few requests: the
 * sweep still takes no more than its {@code rate}, but it gets it.
 * <p>
 * Hand-written: the gate learns its limit from Auth0's answers, and no rate limiter of
 * Resilience4j or Bucket4j gives one caller of such a limit priority over another.
 */
final class SweepPriority {

	private final AtomicInteger perUserInFlight = new AtomicInteger();

	private volatile boolean sweepWaiting;

	/** A per-user call starts; whether it may go now. */
	boolean perUserStarts() {
		if (this.sweepWaiting) {
			return false;
		}
		this.perUserInFlight.incrementAndGet();
		return true;
	}

	void perUserEnded() {
		this.perUserInFlight.decrementAndGet();
	}

	int perUserInFlight() {
		return this.perUserInFlight.get();
	}

	/**
	 * A sweep request waits for the gate, which refused it or one of the last few: new
	 * per-user calls are refused until it is answered.
	 */
	void sweepWaits() {
		this.sweepWaiting = true;
	}

	/**
	 * The sweep's request was answered, or the sweep ended: per-user calls go again.
	 */
	void sweepNotWaiting() {
		this.sweepWaiting = false;
	}

	boolean sweepWaiting() {
		return this.sweepWaiting;
	}

}

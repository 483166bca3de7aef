package dev.memberships.upstream;

import java.time.Clock;

/**
 * Caps retries to an upstream at a share of its calls over a sliding window, so that
 * retries can never multiply the load on an upstream that is already failing: at most
 * {@code max(minRetries, ratio * calls)} retries in any window, calls counting first
 * attempts only. The window slides in tenths.
 */
final class RetryBudget {

	private static final int BUCKETS = 10;

	private final ResilienceProperties.RetryBudget policy;

	private final Clock clock;

	private final long bucketMillis;

	private final long[] calls = new long[BUCKETS];

	private final long[] retries = new long[BUCKETS];

	/** The bucket number (time / bucket length) each slot last counted for. */
	private final long[] slotBucket = new long[BUCKETS];

	RetryBudget(ResilienceProperties.RetryBudget policy, Clock clock) {
		this.policy = policy;
		this.clock = clock;
		this.bucketMillis = Math.max(1, policy.window().toMillis() / BUCKETS);
	}

	/** Counts a call: a first attempt. */
	synchronized void recordCall() {
		this.calls[slot()]++;
	}

	/**
	 * Takes one retry from the budget.
	 * @return whether the retry may go out
	 */
	synchronized boolean tryAcquireRetry() {
		int slot = slot();
		long callsInWindow = 0;
		long retriesInWindow = 0;
		for (int i = 0; i < BUCKETS; i++) {
			callsInWindow += this.calls[i];
			retriesInWindow += this.retries[i];
		}
		double allowed = Math.max(this.policy.minRetries(), this.policy.ratio() * callsInWindow);
		if (retriesInWindow + 1 > allowed) {
			return false;
		}
		this.retries[slot]++;
		return true;
	}

	/** Forgets every call and retry. */
	synchronized void reset() {
		for (int i = 0; i < BUCKETS; i++) {
			this.calls[i] = 0;
			this.retries[i] = 0;
			this.slotBucket[i] = 0;
		}
	}

	/** The current slot, emptying every slot that has slid out of the window. */
	private int slot() {
		long bucket = Math.floorDiv(this.clock.millis(), this.bucketMillis);
		for (int i = 0; i < BUCKETS; i++) {
			if (this.slotBucket[i] <= bucket - BUCKETS) {
				this.calls[i] = 0;
				this.retries[i] = 0;
			}
		}
		int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
		if (this.slotBucket[slot] != bucket) {
			this.calls[slot] = 0;
			this.retries[slot] = 0;
			this.slotBucket[slot] = bucket;
		}
		return slot;
	}

}

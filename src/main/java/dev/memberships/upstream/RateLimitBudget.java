package dev.memberships.upstream;

/**
 * The calls an upstream's {@code X-RateLimit-Remaining} still allows. The upstream
 * counted when the answered call arrived, so calls granted after that one are taken off
 * what it says. Calls are numbered as they are granted, and a budget is the number of the
 * last call it lets go. Not thread-safe: its gate holds the lock.
 */
final class RateLimitBudget {

	private static final long NONE = Long.MAX_VALUE;

	private final int floor;

	private long granted;

	private long lastAllowed = NONE;

	/** The newest call whose answer set the budget. */
	private long answered;

	private long resetAt;

	RateLimitBudget(int floor) {
		this.floor = floor;
	}

	/** Counts a call going out and gives its number. */
	long grant() {
		return ++this.granted;
	}

	/** The number of the last call granted. */
	long granted() {
		return this.granted;
	}

	/**
	 * Takes the budget an answer advertises. An answer to an older call than the one the
	 * budget came from can only narrow it: the upstream may have counted the older call
	 * first.
	 * @param call the number of the answered call
	 * @param remaining the answer's {@code X-RateLimit-Remaining}
	 * @param resetAt when the upstream adds requests back, in the gate's time
	 * @return whether the budget is spent
	 */
	boolean update(long call, long remaining, long resetAt) {
		long lastAllowed = call + Math.clamp(remaining, 0, Integer.MAX_VALUE) - this.floor;
		if (call >= this.answered || lastAllowed < this.lastAllowed) {
			this.lastAllowed = lastAllowed;
			this.resetAt = resetAt;
			this.answered = Math.max(this.answered, call);
		}
		return spent();
	}

	boolean spent() {
		return this.granted >= this.lastAllowed;
	}

	/**
	 * Drops the budget, which a 429 proves wrong and which says nothing once its reset
	 * has passed.
	 * @return when the upstream adds requests back, in the gate's time
	 */
	long drop() {
		this.lastAllowed = NONE;
		return this.resetAt;
	}

}

package dev.memberships.demo;

/**
 * Auth0's Management API rate limit as a token bucket judged in epoch milliseconds:
 * {@code rate} tokens a second up to {@code burst}. Its decisions carry what Auth0's
 * {@code X-RateLimit-*} headers say.
 */
final class TokenBucket {

	private final double rate;

	private final int burst;

	private double tokens;

	private long last;

	TokenBucket(double rate, int burst, long now) {
		this.rate = rate;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}

	synchronized Decision take(long now) {
		this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.rate / 1000);
		this.last = Math.max(this.last, now);
		boolean allowed = this.tokens >= 1;
		if (allowed) {
			this.tokens -= 1;
		}
		long remaining = (long) Math.floor(this.tokens);
		// When the next request will find a token, in whole epoch seconds (rounded up).
		double untilToken = (this.tokens >= 1) ? 0 : (1 - this.tokens) * 1000 / this.rate;
		long reset = (long) Math.ceil((now + untilToken) / 1000.0);
		return new Decision(allowed, this.burst, remaining, reset);
	}

	/**
	 * One request's verdict.
	 *
	 * @param allowed whether it may pass (else 429)
	 * @param limit the bucket's size ({@code X-RateLimit-Limit})
	 * @param remaining tokens left ({@code X-RateLimit-Remaining})
	 * @param resetEpochSecond when a token will be there ({@code X-RateLimit-Reset})
	 */
	record Decision(boolean allowed, long limit, long remaining, long resetEpochSecond) {
	}

}

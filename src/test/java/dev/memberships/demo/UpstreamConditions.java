package dev.memberships.demo;

import java.time.Duration;

/**
 * How the demo upstreams behave, changeable while they run: the benchmark slows them
 * down, rate-limits Auth0 and takes EnOS user groups down. The demo keeps the defaults:
 * no latency, an Auth0 limit that the headers show but a person never reaches, every
 * endpoint up.
 */
public final class UpstreamConditions {

	/** Auth0's default limit here: requests a second, and the bucket's size. */
	static final int DEFAULT_AUTH0_LIMIT = 1000;

	private static final int UNLIMITED = 1_000_000;

	private volatile Duration latency = Duration.ZERO;

	private volatile TokenBucket auth0Limit = new TokenBucket(DEFAULT_AUTH0_LIMIT, DEFAULT_AUTH0_LIMIT,
			System.currentTimeMillis());

	private volatile boolean groupsDown;

	UpstreamConditions() {
	}

	/**
	 * Every endpoint but the issuer's keys answers after this.
	 * @param latency the pause before each answer
	 */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * Auth0's Management API limit, a token bucket; a request that finds it empty is
	 * answered 429.
	 * @param perSecond the refill rate
	 * @param burst the bucket's size
	 */
	public void auth0RateLimit(double perSecond, int burst) {
		this.auth0Limit = new TokenBucket(perSecond, burst, System.currentTimeMillis());
	}

	/** A limit no load reaches, still advertised in the headers. */
	public void auth0Unlimited() {
		auth0RateLimit(UNLIMITED, UNLIMITED);
	}

	/**
	 * EnOS user groups answers 503 at once while down, as a gateway whose backend is.
	 * @param down whether it is down
	 */
	public void groupsDown(boolean down) {
		this.groupsDown = down;
	}

	boolean groupsDown() {
		return this.groupsDown;
	}

	TokenBucket.Decision takeAuth0(long now) {
		return this.auth0Limit.take(now);
	}

	/** Waits the latency: the answer leaves after it, as from a distant server. */
	void pause() {
		Duration latency = this.latency;
		if (!latency.isZero()) {
			try {
				Thread.sleep(latency);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}

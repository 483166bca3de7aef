package dev.memberships.demo;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the demo upstreams were asked, for the benchmark: calls per endpoint, EnOS batch
 * sizes, Auth0's 429s, and Auth0 requests that arrived before a reset these upstreams had
 * advertised (a client that should have waited).
 */
public final class UpstreamTraffic {

	public static final String AUTH0_TOKEN = "auth0-token";

	/** Per-user calls: {@code GET /api/v2/users/{id}/organizations}. */
	public static final String AUTH0_ORGS = "auth0-organizations";

	/** {@code GET /api/v2/organizations}, the organization index's list. */
	public static final String AUTH0_ORGANIZATION_LIST = "auth0-organization-list";

	/** {@code GET /api/v2/organizations/{id}/members}. */
	public static final String AUTH0_MEMBERS = "auth0-members";

	/** {@code GET /api/v2/organizations/{id}}. */
	public static final String AUTH0_ORGANIZATION = "auth0-organization";

	public static final String ENOS_TOKEN = "enos-token";

	public static final String ENOS_STRUCTURES = "enos-structures";

	public static final String ENOS_GROUPS = "enos-groups";

	static final List<String> ENDPOINTS = List.of(AUTH0_TOKEN, AUTH0_ORGS, AUTH0_ORGANIZATION_LIST, AUTH0_MEMBERS,
			AUTH0_ORGANIZATION, ENOS_TOKEN, ENOS_STRUCTURES, ENOS_GROUPS);

	/**
	 * A request counts as sent before an advertised reset only when it arrives this long
	 * after the advertising answer left: a request already on its way when the answer
	 * left could not have known.
	 */
	static final long ADVERTISEMENT_GRACE_MILLIS = 10;

	private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> maxBatch = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> batchUsers = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> perUser = new ConcurrentHashMap<>();

	private final LongAdder tooManyRequests = new LongAdder();

	private final LongAdder earlyRequests = new LongAdder();

	// The latest reset advertised (epoch ms) and when the answer advertising it left.
	private long advertisedReset;

	private long advertisedAt;

	UpstreamTraffic() {
		ENDPOINTS.forEach((endpoint) -> {
			this.calls.put(endpoint, new LongAdder());
			this.maxBatch.put(endpoint, new AtomicInteger());
			this.batchUsers.put(endpoint, new LongAdder());
		});
	}

	/** What was counted so far. */
	public Counts counts() {
		Map<String, Long> calls = new LinkedHashMap<>();
		Map<String, Long> users = new LinkedHashMap<>();
		ENDPOINTS.forEach((endpoint) -> {
			calls.put(endpoint, this.calls.get(endpoint).sum());
			users.put(endpoint, this.batchUsers.get(endpoint).sum());
		});
		return new Counts(calls, users, this.tooManyRequests.sum(), this.earlyRequests.sum());
	}

	/**
	 * The largest EnOS batch since the last call; resets it.
	 * @param endpoint {@link #ENOS_STRUCTURES} or {@link #ENOS_GROUPS}
	 * @return the most user ids one call asked for
	 */
	public int takeMaxBatch(String endpoint) {
		return this.maxBatch.get(endpoint).getAndSet(0);
	}

	/**
	 * Per-user calls that asked for any of these users, 429s included.
	 * @param userIds the users, decoded
	 * @return the calls counted so far
	 */
	public long perUserCalls(Collection<String> userIds) {
		return userIds.stream().map(this.perUser::get).filter(Objects::nonNull).mapToLong(LongAdder::sum).sum();
	}

	void perUser(String userId) {
		this.perUser.computeIfAbsent(userId, (id) -> new LongAdder()).increment();
	}

	void call(String endpoint) {
		this.calls.get(endpoint).increment();
	}

	void batch(String endpoint, int users) {
		this.batchUsers.get(endpoint).add(users);
		this.maxBatch.get(endpoint).accumulateAndGet(users, Math::max);
	}

	void tooManyRequests() {
		this.tooManyRequests.increment();
	}

	/** An Auth0 request arrived: early if an answer had told it to wait. */
	synchronized void auth0Arrived(long arrival) {
		if (arrival >= this.advertisedAt + ADVERTISEMENT_GRACE_MILLIS && arrival < this.advertisedReset) {
			this.earlyRequests.increment();
			System.out.printf("Auth0 request at %d, %d ms after an answer advertised a reset at %d (%d ms early)%n",
					arrival, arrival - this.advertisedAt, this.advertisedReset, this.advertisedReset - arrival);
		}
	}

	/**
	 * An Auth0 answer left. Once one saying "no more before the reset" has been written,
	 * the client can know it: requests arriving later (after the grace) and before the
	 * reset are early.
	 */
	void auth0Answered(TokenBucket.Decision decision, long now) {
		if (decision.remaining() <= 0) {
			synchronized (this) {
				long reset = decision.resetEpochSecond() * 1000;
				if (reset > this.advertisedReset) {
					this.advertisedReset = reset;
					this.advertisedAt = now;
				}
			}
		}
	}

	/**
	 * What the upstreams counted.
	 *
	 * @param calls calls per endpoint
	 * @param batchUsers user ids asked for per EnOS endpoint
	 * @param tooManyRequests 429s answered by Auth0
	 * @param earlyRequests Auth0 requests that arrived before a reset advertised earlier
	 */
	public record Counts(Map<String, Long> calls, Map<String, Long> batchUsers, long tooManyRequests,
			long earlyRequests) {

		/** What was counted since {@code before}. */
		public Counts minus(Counts before) {
			Map<String, Long> calls = new LinkedHashMap<>();
			Map<String, Long> users = new LinkedHashMap<>();
			this.calls.forEach((endpoint, n) -> calls.put(endpoint, n - before.calls.get(endpoint)));
			this.batchUsers.forEach((endpoint, n) -> users.put(endpoint, n - before.batchUsers.get(endpoint)));
			return new Counts(calls, users, this.tooManyRequests - before.tooManyRequests,
					this.earlyRequests - before.earlyRequests);
		}

		public long total() {
			return this.calls.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}

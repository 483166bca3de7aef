package dev.memberships.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.memberships.bench.Forks.Service;
import dev.memberships.demo.DemoUpstreams;
import dev.memberships.demo.UpstreamTraffic.Counts;

/**
 * Two pods of the service (two JVMs of the packaged jar, the same demo upstreams), once
 * without Redis and once sharing the machine's Redis: what a second pod costs the
 * upstreams, and what an answer from the shared level (L2) costs over one from the pod's
 * own cache (L1).
 * <p>
 * Every user is cold and asked of both pods in turn, sequentially: pod A, pod B (its
 * first ask: a miss of its own without Redis, an L2 hit with it), then B and A again (L1
 * hits). Upstream calls are counted at the demo upstreams around the first two asks and,
 * separately, around the repeats. Times are taken here with {@link System#nanoTime}
 * around each whole exchange: an L1 hit takes about a millisecond, below what Gatling's
 * whole-millisecond response times can tell apart. L1 and L2 answers alternate user by
 * user in one run, so whatever the shared machine does meanwhile weighs on both alike.
 */
final class TwoPods {

	/** The scenario's name, as {@code --only} takes it. */
	static final String NAME = "two-pods";

	// Users asked of both pods before measuring, eight at a time: the JIT, the
	// connection pools, the tokens and the JWKS, on every path measured (miss, L2, L1).
	private static final int WARM_USERS = 400;

	private final Forks forks;

	private final DemoUpstreams upstreams;

	private final String token;

	private final int users;

	// Kept-alive connections, reused from ask to ask: callers are services with pools.
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	TwoPods(Forks forks, DemoUpstreams upstreams, String token, int users) {
		this.forks = forks;
		this.upstreams = upstreams;
		this.token = token;
		this.users = users;
	}

	/** Both modes, without Redis first. */
	List<Outcome> run() throws Exception {
		this.upstreams.conditions().latency(Benchmark.LATENCY);
		this.upstreams.conditions().auth0Unlimited();
		List<Outcome> outcomes = new ArrayList<>();
		outcomes.add(mode("without Redis", "off", Map.of("memberships.redis.enabled", "false")));
		BenchRedis.ensure();
		// A prefix of this run's own: no entry of an earlier run or of the tests is seen.
		String prefix = "membench-" + System.currentTimeMillis();
		Map<String, String> redis = new LinkedHashMap<>();
		redis.put("memberships.redis.enabled", "true");
		redis.put("spring.data.redis.url", BenchRedis.URL);
		redis.put("memberships.redis.key-prefix", prefix);
		// The demo's Auth0 is unlimited here; the tenant bucket's default (2/s) would
		// make this a measurement of the gate, with most cold answers partial.
		redis.put("memberships.redis.auth0-rate.per-second", "1000");
		redis.put("memberships.redis.auth0-rate.burst", "1000");
		try {
			outcomes.add(mode("with Redis", "on", redis));
		}
		finally {
			BenchRedis.deleteKeys(prefix);
		}
		return outcomes;
	}

	private Outcome mode(String mode, String tag, Map<String, String> properties) throws Exception {
		List<Service> pods = this.forks.pods(List.of(tag + "-a", tag + "-b"), properties);
		try {
			Service a = pods.get(0);
			Service b = pods.get(1);
			System.out.printf("Two pods %s: both ready in %.1f s%n", mode, b.startSeconds());
			warmUp(a, b, tag);
			Answers pairs = new Answers();
			Answers repeats = new Answers();
			List<AskTimes> timings = List.of(new AskTimes("A, 1st ask: cold"),
					new AskTimes("B, 1st ask: " + (tag.equals("on") ? "L2 hit" : "cold, own miss")),
					new AskTimes("B, 2nd ask: L1 hit"), new AskTimes("A, 2nd ask: L1 hit"));
			Map<String, Long> calls = new LinkedHashMap<>();
			long repeatCalls = 0;
			for (int i = 1; i <= this.users; i++) {
				String user = "2p-" + tag + "-" + i;
				Counts before = this.upstreams.traffic().counts();
				ask(a, user, pairs, timings.get(0));
				ask(b, user, pairs, timings.get(1));
				Counts between = this.upstreams.traffic().counts();
				ask(b, user, repeats, timings.get(2));
				ask(a, user, repeats, timings.get(3));
				Counts after = this.upstreams.traffic().counts();
				between.minus(before).calls().forEach((endpoint, n) -> calls.merge(endpoint, n, Long::sum));
				repeatCalls += after.minus(between).total();
			}
			return new Outcome(mode, this.users, pairs, calls, repeats, repeatCalls,
					timings.stream().map(AskTimes::latency).toList());
		}
		finally {
			for (Service pod : pods) {
				pod.close();
			}
		}
	}

	// Not reported: the same pattern as measured, eight users at a time.
	private void warmUp(Service a, Service b, String tag) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> asks = new ArrayList<>();
			for (int i = 1; i <= WARM_USERS; i++) {
				String user = "2p-warm-" + tag + "-" + i;
				asks.add(executor.submit(() -> {
					for (Service pod : List.of(a, b, b, a)) {
						ask(pod, user, new Answers(), null);
					}
					return null;
				}));
			}
			for (Future<?> ask : asks) {
				ask.get();
			}
		}
		finally {
			executor.shutdown();
		}
	}

	private void ask(Service pod, String user, Answers answers, AskTimes timing) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(pod.baseUrl() + Benchmark.path(user)))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(30))
			.build();
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			long nanos = System.nanoTime() - start;
			answers.add(response.statusCode(), response.body());
			if (timing != null && response.statusCode() == 200) {
				timing.add(nanos);
			}
		}
		catch (IOException ex) {
			answers.add(-1, "");
		}
	}

	/**
	 * One mode's figures.
	 *
	 * @param mode without or with Redis
	 * @param users cold users, each asked of A then B
	 * @param pairs the answers of those first two asks
	 * @param calls upstream calls per endpoint during the first two asks
	 * @param repeats the answers of the second asks (B, then A)
	 * @param repeatCalls upstream calls during the second asks
	 * @param latencies per kind of ask, sequential requests
	 */
	record Outcome(String mode, int users, Answers pairs, Map<String, Long> calls, Answers repeats, long repeatCalls,
			List<AskTimes.Latency> latencies) {

		long totalCalls() {
			return this.calls.values().stream().mapToLong(Long::longValue).sum();
		}

		double callsPerAnswer() {
			return totalCalls() / (double) Math.max(1, this.pairs.answers());
		}

	}

}

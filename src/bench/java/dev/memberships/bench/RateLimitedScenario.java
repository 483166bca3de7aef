package dev.memberships.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 4, Auth0 rate-limited as a Free tenant (2 requests a second, burst 2), 20
 * requests a second: half the callers ask for a cached user with
 * {@code Cache-Control: no-cache} (the upstream is asked; stale on failure), half for a
 * new user (partial on failure). No request may reach Auth0 before a reset it advertised.
 */
final class RateLimitedScenario implements Scenario {

	private static final int RPS = 20;

	@Override
	public void run(ServiceLoad load) throws InterruptedException {
		load.upstreams().conditions().latency(Benchmark.LATENCY);
		load.upstreams().conditions().auth0RateLimit(2, 2);
		Thread.sleep(1000);
		AtomicLong users = new AtomicLong();
		int seconds = load.seconds();
		Counts before = load.upstreams().traffic().counts();
		Recorder recorder = load.measure(new LoadRun("4-rate-limited", load.baseUrl(), load.token(), true,
				(run) -> List.of(
						scenario("known").exec(run.request(http("known")
							.get((session) -> Benchmark
								.path("cold-" + (1 + users.incrementAndGet() % (Benchmark.COLD_RPS * seconds))))
							.header("Cache-Control", "no-cache")))
							.injectOpen(constantUsersPerSec(RPS / 2.0).during(Duration.ofSeconds(seconds))),
						scenario("new")
							.exec(run.request(
									http("new").get((session) -> Benchmark.path("rl-" + users.incrementAndGet()))))
							.injectOpen(constantUsersPerSec(RPS / 2.0).during(Duration.ofSeconds(seconds))))));
		load.upstreams().conditions().auth0Unlimited();
		report(load.results(), recorder, load.upstreams().traffic().counts().minus(before));
	}

	private static void report(Results results, Recorder recorder, Counts counts) {
		results.add("4 Auth0 at 2 rps, burst 2", recorder, counts, "2 complete/s");
		double seconds = recorder.seconds();
		results.note(
				"4 rate-limited (%d rps offered, half no-cache on cached users, half new): per second %.1f complete, "
						+ "%.1f stale, %.1f partial, %.1f errors; Auth0 calls %d, 429s received %d, "
						+ "requests before an advertised reset %d; reasons %s; statuses %s",
				RPS, recorder.complete() / seconds, recorder.stale() / seconds, recorder.partial() / seconds,
				recorder.errors() / seconds, counts.calls().get(UpstreamTraffic.AUTH0_ORGS), counts.tooManyRequests(),
				counts.earlyRequests(), recorder.reasons(), recorder.statuses());
		results.target("0 requests before an advertised reset",
				Results.format("%d (429s: %d)", counts.earlyRequests(), counts.tooManyRequests()),
				counts.earlyRequests() == 0);
	}

}

package dev.memberships.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.memberships.bench.Results.Row;
import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 3, coalescing: 1,000 new users of one organization injected evenly over one
 * second; how few EnOS batch calls answer them, and the largest batch.
 */
final class CoalescingScenario implements Scenario {

	@Override
	public void run(ServiceLoad load) {
		UpstreamTraffic traffic = load.upstreams().traffic();
		load.upstreams().conditions().latency(Benchmark.LATENCY);
		AtomicLong users = new AtomicLong();
		Counts before = traffic.counts();
		traffic.takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES);
		traffic.takeMaxBatch(UpstreamTraffic.ENOS_GROUPS);
		Recorder recorder = load.measure(new LoadRun("3-coalescing", load.baseUrl(), load.token(), true,
				(run) -> List.of(scenario("coalescing")
					.exec(run.request(
							http("coalescing").get((session) -> Benchmark.path("coal-" + users.incrementAndGet()))))
					.injectOpen(rampUsers(1000).during(Duration.ofSeconds(1))))));
		report(load.results(), recorder, traffic.counts().minus(before),
				traffic.takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES), traffic.takeMaxBatch(UpstreamTraffic.ENOS_GROUPS),
				Benchmark.LATENCY.toMillis());
	}

	private static void report(Results results, Recorder recorder, Counts counts, int maxStructures, int maxGroups,
			long ideal) {
		Row row = results.add("3 coalescing, 1,000 users in 1 s", recorder, counts, ideal + " ms");
		long structures = counts.calls().get(UpstreamTraffic.ENOS_STRUCTURES);
		long groups = counts.calls().get(UpstreamTraffic.ENOS_GROUPS);
		results.note(
				"3 coalescing: EnOS calls structures %d (max batch %d), user groups %d (max batch %d); "
						+ "added to ideal: p50 %d ms, p99 %d ms; answers %s; reasons %s",
				structures, maxStructures, groups, maxGroups, row.p50() - ideal, row.p99() - ideal,
				Results.kinds(recorder), recorder.reasons());
		results.target("coalescing <= 10 calls per EnOS endpoint",
				Results.format("structures %d, groups %d (max batch %d/%d)", structures, groups, maxStructures,
						maxGroups),
				structures <= 10 && groups <= 10);
	}

}

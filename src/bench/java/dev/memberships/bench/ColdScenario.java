package dev.memberships.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.memberships.bench.Results.Row;
import dev.memberships.demo.UpstreamTraffic.Counts;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 1, cold: every request a new user, the upstreams at {@link Benchmark#LATENCY};
 * below saturation first (a quarter of the target's rate), then at the target's rate,
 * {@link Benchmark#COLD_RPS}, which the cold targets judge.
 */
final class ColdScenario implements Scenario {

	@Override
	public void run(ServiceLoad load) throws Exception {
		long ideal = Benchmark.LATENCY.toMillis();
		int belowSaturation = Benchmark.COLD_RPS / 4;
		Measured below = cold(load, belowSaturation, "cold50-");
		belowSaturation(load.results(), below.recorder(), below.counts(), ideal, belowSaturation);
		load.settle();
		Measured cold = cold(load, Benchmark.COLD_RPS, "cold-");
		atTarget(load.results(), cold.recorder(), cold.counts(), ideal);
	}

	private static Measured cold(ServiceLoad load, int rps, String prefix) {
		load.upstreams().conditions().latency(Benchmark.LATENCY);
		AtomicLong users = new AtomicLong();
		Counts before = load.upstreams().traffic().counts();
		Recorder recorder = load.measure(new LoadRun("1-cold-" + rps, load.baseUrl(), load.token(), true,
				(run) -> List.of(scenario("cold")
					.exec(run.request(
							http("cold").get((session) -> Benchmark.path(prefix + users.incrementAndGet()))))
					.injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(load.seconds()))))));
		return new Measured(recorder, load.upstreams().traffic().counts().minus(before));
	}

	private static void belowSaturation(Results results, Recorder cold, Counts counts, long ideal, int rps) {
		Row row = results.add("1 cold, distinct users, " + rps + " rps", cold, counts, ideal + " ms");
		results.note("1 cold at %d rps: p50 - ideal = %d ms, p99 - ideal = %d ms; answers %s", rps,
				row.p50() - ideal, row.p99() - ideal, Results.kinds(cold));
	}

	private static void atTarget(Results results, Recorder cold, Counts counts, long ideal) {
		Row row = results.add("1 cold, distinct users, 200 rps", cold, counts, ideal + " ms");
		long p50 = row.p50() - ideal;
		long p99 = row.p99() - ideal;
		results.note("1 cold: p50 - ideal = %d ms, p99 - ideal = %d ms at %.0f rps; upstream calls %s; answers %s",
				p50, p99, row.rps(), counts.calls(), Results.kinds(cold));
		results.target("cold CPU per answer <= 2 ms at 200 rps",
				Results.format("%.2f ms (JIT and GC %.2f)", cold.serviceCpuPerRequest(), cold.jitAndGcPerRequest()),
				cold.serviceCpuPerRequest() <= 2);
		results.target("cold p50 <= ideal + 2 ms at 200 rps", Results.format("%d ms (+%d)", row.p50(), p50),
				p50 <= 2 && row.rps() >= 190);
		results.target("cold p99 <= ideal + 10 ms at 200 rps", Results.format("%d ms (+%d)", row.p99(), p99),
				p99 <= 10 && row.rps() >= 190);
	}

	private record Measured(Recorder recorder, Counts counts) {
	}

}

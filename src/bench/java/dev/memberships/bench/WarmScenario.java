package dev.memberships.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.memberships.bench.Results.Row;
import dev.memberships.demo.UpstreamTraffic.Counts;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 2, warm: the users of the cold scenario, all cached, in a closed model
 * (throughput) beside the static file through the same stack (the ceiling) and nginx
 * serving it (for scale), then at the cold scenario's rate (latency below saturation).
 * First, the service idle.
 */
final class WarmScenario implements Scenario {

	private static final String STATIC = "/bench-static.json";

	@Override
	public void run(ServiceLoad load) throws Exception {
		idle(load);
		List<String> paths = new ArrayList<>();
		for (int i = 1; i <= Benchmark.COLD_RPS * load.seconds(); i++) {
			paths.add(Benchmark.path("cold-" + i));
		}
		Counts before = load.upstreams().traffic().counts();
		Recorder warm = load.closed("2-warm", load.baseUrl(), paths, load.seconds());
		Counts warmCounts = load.upstreams().traffic().counts().minus(before);
		Recorder ceiling = load.closed("2-static", load.baseUrl(), List.of(STATIC), load.seconds());
		Recorder nginx = nginx(load);
		// The same users at the cold scenario's rate: latency below saturation.
		Recorder open = load.measure(new LoadRun("2-warm-open", load.baseUrl(), load.token(), false,
				(run) -> List.of(scenario("warm-open")
					.exec(run.request(
							http("warm-open").get((session) -> paths.get(ThreadLocalRandom.current().nextInt(paths.size())))))
					.injectOpen(constantUsersPerSec(Benchmark.COLD_RPS).during(Duration.ofSeconds(load.seconds()))))));
		// The static file at the same open rate: what serving any request at 200 a second
		// costs here, whatever it answers.
		Recorder staticOpen = load.measure(new LoadRun("2-static-open", load.baseUrl(), load.token(), false,
				(run) -> List.of(scenario("static-open").exec(run.request(http("static-open").get(STATIC)))
					.injectOpen(constantUsersPerSec(Benchmark.COLD_RPS).during(Duration.ofSeconds(load.seconds()))))));
		int users = load.options().warmUsers();
		report(load.results(), warm, warmCounts, ceiling, users, open);
		load.results().add("2 static file, 200 rps", staticOpen, null, "-");
		if (nginx != null) {
			load.results().add("2 nginx, the same file, " + users + " users", nginx, null, "-");
		}
	}

	// What the service spends doing nothing, by kind of thread: the part of a request's CPU
	// that an open load at a low rate pays and a saturating one spreads thin.
	private static void idle(ServiceLoad load) throws InterruptedException {
		ProcessHandle service = load.service().process().toHandle();
		CpuMeter.Sample before = CpuMeter.of(service);
		int seconds = 5;
		Thread.sleep(Duration.ofSeconds(seconds));
		CpuMeter.Sample cpu = CpuMeter.of(service).minus(before);
		StringBuilder split = new StringBuilder();
		cpu.kinds().forEach((kind, used) -> split.append(Results.format("%s %.1f, ", kind, used * 1000 / seconds)));
		load.results()
			.note("idle, no request for %d s: the service used %.1f ms of CPU a second (%s)", seconds,
					cpu.total() * 1000 / seconds, split.substring(0, Math.max(0, split.length() - 2)));
	}

	// The same file from nginx, where installed: the CPU per answer of a server that only
	// sends bytes, measured on nginx's processes.
	private static Recorder nginx(ServiceLoad load) {
		try (NginxStatic nginx = NginxStatic.start(load.options().out(), load.staticFiles()).orElse(null)) {
			if (nginx == null) {
				System.out.println("nginx is not installed (apt-get install nginx-light): no nginx row");
				return null;
			}
			load.closed("0-warm-up-nginx", nginx.baseUrl(), List.of(STATIC), 2, nginx.handle());
			return load.closed("2-nginx", nginx.baseUrl(), List.of(STATIC), load.seconds(), nginx.handle());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void report(Results results, Recorder warm, Counts counts, Recorder ceiling, int users,
			Recorder open) {
		Row warmRow = results.add("2 warm, cached users, " + users + " users", warm, counts, "static ceiling");
		Row staticRow = results.add("2 static ceiling, " + users + " users", ceiling, null, "-");
		Row openRow = results.add("2 warm, cached users, 200 rps", open, null, "-");
		double ratio = warmRow.rps() / staticRow.rps();
		results.note("2 warm: %d concurrent users, closed model: %.0f rps vs %.0f rps static = %.0f %%; "
				+ "statuses %s, static %s", users, warmRow.rps(), staticRow.rps(), ratio * 100, warm.statuses(),
				ceiling.statuses());
		results.target("cached CPU per answer <= 0.3 ms (" + users + " users)",
				Results.format("%.3f ms (JIT and GC %.3f)", warm.serviceCpuPerRequest(), warm.jitAndGcPerRequest()),
				warm.serviceCpuPerRequest() <= 0.3);
		results.target("cached CPU per answer <= 0.3 ms (200 rps)",
				Results.format("%.3f ms (JIT and GC %.3f)", open.serviceCpuPerRequest(), open.jitAndGcPerRequest()),
				open.serviceCpuPerRequest() <= 0.3);
		results.target("warm rps >= 50 % of static ceiling",
				Results.format("%.0f / %.0f rps = %.0f %%", warmRow.rps(), staticRow.rps(), ratio * 100),
				ratio >= 0.5);
		results.target("warm p99 <= 5 ms (200 rps, below saturation)", Results.format("%d ms", openRow.p99()),
				openRow.p99() <= 5);
		results.target("warm p99 <= 5 ms (closed, saturated)", Results.format("%d ms", warmRow.p99()),
				warmRow.p99() <= 5);
	}

}

package dev.memberships.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Not reported: JIT, connection pools, tokens and the JWKS, so that "cold" means a cold
 * cache, not a cold JVM. On two cores C2 still compiles about a tenth of a core 40 s after
 * start, a quarter of a cold answer's CPU (the JIT+GC column shows what is left);
 * {@code --warm-up} sets the seconds of cold traffic, a fifth of that each of cached users
 * and the static file.
 */
final class WarmUp implements Scenario {

	@Override
	public void run(ServiceLoad load) {
		load.upstreams().conditions().latency(Benchmark.LATENCY);
		AtomicLong users = new AtomicLong();
		int warmUpSeconds = load.options().warmUpSeconds();
		int ramp = Math.min(5, warmUpSeconds);
		load.measure(new LoadRun("0-warm-up", load.baseUrl(), load.token(), true, (run) -> List.of(scenario("warm-up")
			.exec(run.request(http("warm-up").get((session) -> Benchmark.path("warmup-" + users.incrementAndGet()))))
			.injectOpen(rampUsersPerSec(10).to(Benchmark.COLD_RPS).during(Duration.ofSeconds(ramp)),
					constantUsersPerSec(Benchmark.COLD_RPS).during(Duration.ofSeconds(warmUpSeconds - ramp))))));
		List<String> cached = new ArrayList<>();
		for (int i = 1; i <= 500; i++) {
			cached.add(Benchmark.path("warmup-" + i));
		}
		load.closed("0-warm-up-cached", load.baseUrl(), cached, Math.max(4, warmUpSeconds / 5));
		load.closed("0-warm-up-static", load.baseUrl(), List.of("/bench-static.json"), Math.max(4, warmUpSeconds / 5));
	}

}

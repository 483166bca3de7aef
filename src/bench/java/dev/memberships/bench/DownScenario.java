package dev.memberships.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.memberships.bench.Results.Row;
import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 5, one upstream down: EnOS user groups answers 503; a first run trips the
 * breaker, the measured run finds it open (wait-duration-in-open-state is 10 s).
 */
final class DownScenario implements Scenario {

	private static final int RPS = 50;

	private static final String BREAKER = "enos-groups";

	@Override
	public void run(ServiceLoad load) throws Exception {
		load.upstreams().conditions().latency(Benchmark.LATENCY);
		load.upstreams().conditions().groupsDown(true);
		int measured = Math.min(load.seconds(), 6);
		AtomicLong users = new AtomicLong();
		try {
			load.measure(new LoadRun("5-down-trip", load.baseUrl(), load.token(), true,
					(run) -> List.of(scenario("trip")
						.exec(run.request(
								http("trip").get((session) -> Benchmark.path("down-a-" + users.incrementAndGet()))))
						.injectOpen(constantUsersPerSec(RPS).during(Duration.ofSeconds(2))))));
			String stateBefore = load.service().breakers().get(BREAKER);
			Counts before = load.upstreams().traffic().counts();
			Recorder recorder = load.measure(new LoadRun("5-down", load.baseUrl(), load.token(), true,
					(run) -> List.of(scenario("down")
						.exec(run.request(
								http("down").get((session) -> Benchmark.path("down-b-" + users.incrementAndGet()))))
						.injectOpen(constantUsersPerSec(RPS).during(Duration.ofSeconds(measured))))));
			report(load.results(), recorder, load.upstreams().traffic().counts().minus(before), stateBefore,
					load.service().breakers().get(BREAKER), Benchmark.LATENCY.toMillis());
		}
		finally {
			load.upstreams().conditions().groupsDown(false);
		}
	}

	private static void report(Results results, Recorder recorder, Counts counts, String stateBefore,
			String stateAfter, long ideal) {
		Row row = results.add("5 EnOS groups down, breaker open", recorder, counts, ideal + " ms");
		results.note(
				"5 down: breaker %s at start, %s at end; p50 - ideal %d ms, p99 - ideal %d ms; "
						+ "user-groups calls %d; answers %s; reasons %s",
				stateBefore, stateAfter, row.p50() - ideal, row.p99() - ideal,
				counts.calls().get(UpstreamTraffic.ENOS_GROUPS), Results.kinds(recorder), recorder.reasons());
	}

}

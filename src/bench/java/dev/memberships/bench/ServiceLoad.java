package dev.memberships.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.memberships.demo.DemoUpstreams;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The single service under load, and what every scenario needs of it: Gatling runs
 * measured with the CPU the server used meanwhile, the closed model, and closed breakers
 * between scenarios.
 *
 * @param options the benchmark's options
 * @param upstreams the demo upstreams the service is pointed at
 * @param token the bearer token every request carries
 * @param results where the scenarios put their figures
 * @param service the service, in its own JVM
 * @param profiler JFR in the service's JVM, used with {@code --profile}
 * @param staticFiles the directory {@code /bench-static.json} is served from
 */
record ServiceLoad(Options options, DemoUpstreams upstreams, String token, Results results, Forks.Service service,
		Profiler profiler, Path staticFiles) {

	String baseUrl() {
		return this.service.baseUrl();
	}

	int seconds() {
		return this.options.seconds();
	}

	// Every scenario starts with closed breakers, whatever the one before did.
	void settle() throws Exception {
		Thread.sleep(1000);
		long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (this.service.breakers().containsValue("open") && System.nanoTime() < end) {
			Thread.sleep(500);
		}
	}

	// Runs Gatling and notes the CPU the service's JVM used meanwhile; with --profile, a
	// JFR recording of each reported scenario.
	Recorder measure(LoadRun run) {
		return measure(this.service.process().toHandle(), run);
	}

	Recorder measure(ProcessHandle server, LoadRun run) {
		boolean profiled = this.options.profile() && !run.name().startsWith("0-")
				&& server.pid() == this.service.process().pid();
		if (profiled) {
			this.profiler.start(run.name());
		}
		CpuMeter.Sample before = CpuMeter.of(server);
		Recorder recorder = run.run(this.options.out().resolve("gatling"));
		recorder.serverCpu(CpuMeter.of(server).minus(before));
		if (profiled) {
			this.results.profile(run.name(), this.profiler.stop(run.name()));
		}
		return recorder;
	}

	// A closed model: a fixed number of users, each sending its next request as soon as
	// the last one is answered, for the whole run.
	Recorder closed(String name, String baseUrl, List<String> paths, int seconds) {
		return closed(name, baseUrl, paths, seconds, this.service.process().toHandle());
	}

	Recorder closed(String name, String baseUrl, List<String> paths, int seconds, ProcessHandle server) {
		return measure(server,
				new LoadRun(name, baseUrl, this.token, false,
						(run) -> List.of(scenario(name).during(Duration.ofSeconds(seconds))
							.on(run.request(http(name)
								.get((session) -> paths.get(ThreadLocalRandom.current().nextInt(paths.size())))))
							.injectOpen(atOnceUsers(this.options.warmUsers())))));
	}

}

package dev.memberships.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.memberships.demo.DemoUpstreams;

/**
 * The scenarios against one service: starts it in a JVM of its own, as in production (its
 * JIT, GC and CPU are its own; Gatling and the simulated upstreams share this one), warms
 * it up ({@link WarmUp}), then runs each scenario {@code --only} names, in the order of
 * {@link #SCENARIOS}, each from closed breakers.
 */
final class SingleService {

	/**
	 * The scenarios, by the name {@code --only} takes, in the order they run. A scenario
	 * against the single service is registered here, and nowhere else.
	 */
	static final Map<String, Scenario> SCENARIOS = scenarios();

	private final Options options;

	private final Forks forks;

	private final DemoUpstreams upstreams;

	private final String token;

	private final Results results;

	SingleService(Options options, Forks forks, DemoUpstreams upstreams, String token, Results results) {
		this.options = options;
		this.forks = forks;
		this.upstreams = upstreams;
		this.token = token;
		this.results = results;
	}

	private static Map<String, Scenario> scenarios() {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		scenarios.put("cold", new ColdScenario());
		scenarios.put("warm", new WarmScenario());
		scenarios.put("coalescing", new CoalescingScenario());
		scenarios.put("rate-limited", new RateLimitedScenario());
		scenarios.put("down", new DownScenario());
		return Collections.unmodifiableMap(scenarios);
	}

	void run() throws Exception {
		Path staticFiles = this.options.out().resolve("static");
		Files.createDirectories(staticFiles);
		try (InputStream file = SingleService.class.getResourceAsStream("/static/bench-static.json")) {
			Files.write(staticFiles.resolve("bench-static.json"), file.readAllBytes());
		}
		try (Forks.Service service = this.forks.service(staticFiles)) {
			Profiler profiler = new Profiler(this.forks.java(), this.options.out(), service.process().pid());
			System.out.printf(Locale.ROOT, "Service ready in %.1f s%n", service.startSeconds());
			ServiceLoad load = new ServiceLoad(this.options, this.upstreams, this.token, this.results, service,
					profiler, staticFiles);
			new WarmUp().run(load);
			for (Map.Entry<String, Scenario> scenario : SCENARIOS.entrySet()) {
				if (this.options.only().contains(scenario.getKey())) {
					load.settle();
					scenario.getValue().run(load);
				}
			}
		}
	}

}

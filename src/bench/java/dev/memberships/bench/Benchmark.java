package dev.memberships.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoUpstreams;

/**
 * The benchmark: starts the demo upstreams and their token issuer (generated
 * {@code bench|*} users, no Auth0 limit unless a scenario sets one), starts the service in
 * a JVM of its own against them, drives each scenario with Gatling
 * ({@link SingleService}), runs the two-pod scenario ({@link TwoPods}), measures heap
 * and start-up in forked JVMs of the packaged jar ({@link HeapMeasurement},
 * {@link StartupMeasurement}), and prints one table ({@link Results}).
 * <p>
 * Run: {@code ./mvnw -Pbench verify} (see docs/performance.md). Options, through
 * {@code -Dbench.args="..."}: {@code --seconds N} (length of the timed scenarios, default
 * 10), {@code --warm-up N} (seconds of cold traffic before the first scenario, default
 * 60), {@code --profile} (a JFR recording of each scenario, its top frames printed),
 * {@code --warm-users N} (concurrent users of the warm and static runs, default 8),
 * {@code --startup-runs N} (default 3), {@code --skip-forks} (no heap or start-up
 * measurement), {@code --only cold,warm,coalescing,rate-limited,down,two-pods} (these
 * scenarios, no heap or start-up measurement), {@code --two-pod-users N} (cold users of
 * the two-pod scenario, default 300). {@code --only clients} runs
 * {@link ClientComparison} instead, alone; {@code --only index} the organization index's
 * scenario ({@link IndexScenario}), alone.
 */
public final class Benchmark {

	static final Duration LATENCY = Duration.ofMillis(50);

	static final int COLD_RPS = 200;

	private final Options options;

	private final DemoUpstreams upstreams = new DemoUpstreams().start();

	// A service's token of the demo issuer, which the service is pointed at.
	private final String token = this.upstreams.issuer()
		.mint("bench-load@clients", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofHours(2));

	private final Results results = new Results();

	private Benchmark(Options options) {
		this.upstreams.conditions().auth0Unlimited();
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = Options.parse(args);
		if ("startup".equals(options.get("only"))) {
			// Its own upstreams and service JVMs: start-up and the first burst alone.
			new StartupBurst(options).run();
			System.exit(0);
		}
		if (IndexScenario.NAME.equals(options.get("only"))) {
			// Its own upstreams and service JVMs, without and with the organization index.
			new IndexScenario(options).run();
			System.exit(0);
		}
		if ("clients".equals(options.get("only"))) {
			// Its own upstreams, in a JVM of their own, and no service.
			new ClientComparison(options).run();
			System.exit(0);
		}
		long start = System.nanoTime();
		Benchmark benchmark = new Benchmark(Options.of(options));
		try {
			benchmark.run();
		}
		finally {
			benchmark.upstreams.close();
		}
		System.out.printf(Locale.ROOT, "%nBenchmark took %.0f s.%n", (System.nanoTime() - start) / 1e9);
		// Gatling's and Spring's non-daemon threads must not keep Maven waiting.
		System.exit(0);
	}

	private void run() throws Exception {
		Files.createDirectories(this.options.out());
		System.out.printf(Locale.ROOT, "Machine: %d CPUs, %s %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
		Forks forks = new Forks(this.options.jar(), this.options.out(), this.upstreams);
		forks.extract();
		if (SingleService.SCENARIOS.keySet().stream().anyMatch(this.options.only()::contains)) {
			new SingleService(this.options, forks, this.upstreams, this.token, this.results).run();
		}
		// After the single service has stopped: the pods have the machine to themselves.
		if (this.options.only().contains(TwoPods.NAME)) {
			this.results
				.twoPods(new TwoPods(forks, this.upstreams, this.token, this.options.twoPodUsers()).run());
		}
		if (this.options.forks()) {
			new HeapMeasurement(forks, this.upstreams, this.token).run(100_000, this.results);
			new StartupMeasurement(forks).run(this.options.startupRuns(), this.results);
		}
		String table = this.results.table();
		System.out.println();
		System.out.println(table);
		Files.writeString(this.options.out().resolve("results.md"), table);
	}

	static String path(String user) {
		return "/users/bench%7C" + user + "/memberships";
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package dev.memberships.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.memberships.bench.LoadRun.Recorder;
import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoUpstreams;
import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;


import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The benchmark: starts the demo upstreams and their token issuer (generated
 * {@code bench|*} users, no Auth0 limit unless a scenario sets one), starts the service in
 * this JVM against them, drives each scenario with Gatling, measures heap and start-up in
 * forked JVMs of the packaged jar, and prints one table.
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
 * {@link ClientComparison} instead, alone.
 */
public final class Benchmark {

	static final Duration LATENCY = Duration.ofMillis(50);

	static final int COLD_RPS = 200;

	// The scenarios run against the one service this JVM starts; two-pods starts its own.
	private static final List<String> SINGLE_SERVICE = List.of("cold", "warm", "coalescing", "rate-limited", "down");

	private final Path out;

	private final Path jar;

	private final int seconds;

	private final int warmUsers;

	private final int warmUpSeconds;

	private final int startupRuns;

	private final int twoPodUsers;

	private final boolean forks;

	private final List<String> only;

	private final boolean profile;

	private Profiler profiler;

	private Path staticFiles;

	private final DemoUpstreams upstreams = new DemoUpstreams().start();

	// A service's token of the demo issuer, which the service is pointed at.
	private final String token = this.upstreams.issuer()
		.mint("bench-load@clients", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofHours(2));

	private final Results results = new Results();

	private Forks.Service service;

	private Benchmark(Map<String, String> options) {
		this.upstreams.conditions().auth0Unlimited();
		this.out = Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath();
		this.jar = Path.of(options.getOrDefault("jar", "target/memberships-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
		this.seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
		this.warmUsers = Integer.parseInt(options.getOrDefault("warm-users", "8"));
		this.warmUpSeconds = Integer.parseInt(options.getOrDefault("warm-up", "60"));
		this.startupRuns = Integer.parseInt(options.getOrDefault("startup-runs", "3"));
		this.twoPodUsers = Integer.parseInt(options.getOrDefault("two-pod-users", "300"));
		this.forks = !options.containsKey("skip-forks") && !options.containsKey("only");
		this.profile = options.containsKey("profile");
		this.only = List.of(options.getOrDefault("only", String.join(",", SINGLE_SERVICE) + ",two-pods").split(","));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				String name = args[i].substring(2);
				boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
				options.put(name, hasValue ? args[++i] : "true");
			}
		}
		if ("startup".equals(options.get("only"))) {
			// Its own upstreams and service JVMs: start-up and the first burst alone.
			new StartupBurst(options).run();
			System.exit(0);
		}
		if ("clients".equals(options.get("only"))) {
			// Its own upstreams, in a JVM of their own, and no service.
			new ClientComparison(options).run();
			System.exit(0);
		}
		long start = System.nanoTime();
		Benchmark benchmark = new Benchmark(options);
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
		Files.createDirectories(this.out);
		System.out.printf(Locale.ROOT, "Machine: %d CPUs, %s %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
		Forks forks = new Forks(this.jar, this.out, this.upstreams, this.token);
		forks.extract();
		if (SINGLE_SERVICE.stream().anyMatch(this.only::contains)) {
			singleService(forks);
		}
		// After the single service has stopped: the pods have the machine to themselves.
		if (this.only.contains("two-pods")) {
			this.results.twoPods(new TwoPods(forks, this.upstreams, this.token, this.twoPodUsers).run());
		}
		if (this.forks) {
			this.results.heap(forks.heap(100_000));
			this.results.startup(forks.startup(this.startupRuns));
		}
		String table = this.results.table();
		System.out.println();
		System.out.println(table);
		Files.writeString(this.out.resolve("results.md"), table);
	}

	private void singleService(Forks forks) throws Exception {
		Path staticFiles = this.out.resolve("static");
		this.staticFiles = staticFiles;
		Files.createDirectories(staticFiles);
		try (InputStream file = Benchmark.class.getResourceAsStream("/static/bench-static.json")) {
			Files.write(staticFiles.resolve("bench-static.json"), file.readAllBytes());
		}
		// The service runs in a JVM of its own, as in production: its JIT, GC and CPU are
		// its own; Gatling and the simulated upstreams share this one.
		try (Forks.Service service = forks.service(staticFiles)) {
			this.service = service;
			this.profiler = new Profiler(forks.java(), this.out, service.process().pid());
			System.out.printf(Locale.ROOT, "Service ready in %.1f s%n", service.startSeconds());
			String baseUrl = service.baseUrl();
			warmUp(baseUrl);
			if (this.only.contains("cold")) {
				settle();
				cold(baseUrl);
			}
			if (this.only.contains("warm")) {
				settle();
				warm(baseUrl);
			}
			if (this.only.contains("coalescing")) {
				settle();
				coalescing(baseUrl);
			}
			if (this.only.contains("rate-limited")) {
				settle();
				rateLimited(baseUrl);
			}
			if (this.only.contains("down")) {
				settle();
				upstreamDown(baseUrl);
			}
		}
	}

	// Every scenario starts with closed breakers, whatever the one before did.
	private void settle() throws Exception {
		Thread.sleep(1000);
		long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (this.service.breakers().containsValue("open") && System.nanoTime() < end) {
			Thread.sleep(500);
		}
	}

	// Not reported: JIT, connection pools, tokens and the JWKS, so that "cold" means a
	// cold cache, not a cold JVM. On two cores C2 still compiles about a tenth of a core
	// 40 s after start, a quarter of a cold answer's CPU (the JIT+GC column shows what is
	// left); --warm-up sets the seconds of cold traffic, a fifth of that each of cached
	// users and the static file.
	private void warmUp(String baseUrl) {
		this.upstreams.conditions().latency(LATENCY);
		AtomicLong users = new AtomicLong();
		int ramp = Math.min(5, this.warmUpSeconds);
		measure(new LoadRun("0-warm-up", baseUrl, this.token, true, (run) -> List.of(scenario("warm-up")
			.exec(run.request(http("warm-up").get((session) -> path("warmup-" + users.incrementAndGet()))))
			.injectOpen(rampUsersPerSec(10).to(COLD_RPS).during(Duration.ofSeconds(ramp)),
					constantUsersPerSec(COLD_RPS).during(Duration.ofSeconds(this.warmUpSeconds - ramp))))));
		List<String> cached = new ArrayList<>();
		for (int i = 1; i <= 500; i++) {
			cached.add(path("warmup-" + i));
		}
		closed("0-warm-up-cached", baseUrl, cached, Math.max(4, this.warmUpSeconds / 5));
		closed("0-warm-up-static", baseUrl, List.of("/bench-static.json"), Math.max(4, this.warmUpSeconds / 5));
	}

	private void cold(String baseUrl) {
		// Below saturation first, then the target's rate.
		cold(baseUrl, COLD_RPS / 4, "cold50-");
		settleQuietly();
		Measured measured = cold(baseUrl, COLD_RPS, "cold-");
		this.results.cold(measured.recorder(), measured.counts(), LATENCY.toMillis());
	}

	private Measured cold(String baseUrl, int rps, String prefix) {
		this.upstreams.conditions().latency(LATENCY);
		AtomicLong users = new AtomicLong();
		Counts before = this.upstreams.traffic().counts();
		Recorder recorder = measure(new LoadRun("1-cold-" + rps, baseUrl, this.token, true,
				(run) -> List.of(scenario("cold")
					.exec(run.request(http("cold").get((session) -> path(prefix + users.incrementAndGet()))))
					.injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(this.seconds))))));
		Counts counts = this.upstreams.traffic().counts().minus(before);
		if (rps != COLD_RPS) {
			this.results.coldBelowSaturation(recorder, counts, LATENCY.toMillis(), rps);
		}
		return new Measured(recorder, counts);
	}

	private void settleQuietly() {
		try {
			settle();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// What the service spends doing nothing, by kind of thread: the part of a request's CPU
	// that an open load at a low rate pays and a saturating one spreads thin.
	private void idle() throws InterruptedException {
		ProcessHandle service = this.service.process().toHandle();
		CpuMeter.Sample before = CpuMeter.of(service);
		Thread.sleep(Duration.ofSeconds(5));
		this.results.idle(CpuMeter.of(service).minus(before), 5);
	}

	private void warm(String baseUrl) throws InterruptedException {
		idle();
		List<String> paths = new ArrayList<>();
		for (int i = 1; i <= COLD_RPS * this.seconds; i++) {
			paths.add(path("cold-" + i));
		}
		Counts before = this.upstreams.traffic().counts();
		Recorder warm = closed("2-warm", baseUrl, paths, this.seconds);
		Counts warmCounts = this.upstreams.traffic().counts().minus(before);
		Recorder ceiling = closed("2-static", baseUrl, List.of("/bench-static.json"), this.seconds);
		Recorder nginx = nginx();
		// The same users at the cold scenario's rate: latency below saturation.
		Recorder open = measure(new LoadRun("2-warm-open", baseUrl, this.token, false,
				(run) -> List.of(scenario("warm-open")
					.exec(run.request(
							http("warm-open").get((session) -> paths.get(ThreadLocalRandom.current().nextInt(paths.size())))))
					.injectOpen(constantUsersPerSec(COLD_RPS).during(Duration.ofSeconds(this.seconds))))));
		// The static file at the same open rate: what serving any request at 200 a second
		// costs here, whatever it answers.
		Recorder staticOpen = measure(new LoadRun("2-static-open", baseUrl, this.token, false,
				(run) -> List.of(scenario("static-open").exec(run.request(http("static-open").get("/bench-static.json")))
					.injectOpen(constantUsersPerSec(COLD_RPS).during(Duration.ofSeconds(this.seconds))))));
		this.results.warm(warm, warmCounts, ceiling, this.warmUsers, open);
		this.results.staticOpen(staticOpen);
		if (nginx != null) {
			this.results.nginx(nginx, this.warmUsers);
		}
	}

	// The same file from nginx, where installed: the CPU per answer of a server that only
	// sends bytes, measured on nginx's processes.
	private Recorder nginx() {
		try (NginxStatic nginx = NginxStatic.start(this.out, this.staticFiles).orElse(null)) {
			if (nginx == null) {
				System.out.println("nginx is not installed (apt-get install nginx-light): no nginx row");
				return null;
			}
			closed("0-warm-up-nginx", nginx.baseUrl(), List.of("/bench-static.json"), 2, nginx.handle());
			return closed("2-nginx", nginx.baseUrl(), List.of("/bench-static.json"), this.seconds, nginx.handle());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// A closed model: a fixed number of users, each sending its next request as soon as
	// the last one is answered, for the whole run.
	private Recorder closed(String name, String baseUrl, List<String> paths, int seconds) {
		return closed(name, baseUrl, paths, seconds, this.service.process().toHandle());
	}

	private Recorder closed(String name, String baseUrl, List<String> paths, int seconds, ProcessHandle server) {
		return measure(server, new LoadRun(name, baseUrl, this.token, false,
				(run) -> List.of(scenario(name).during(Duration.ofSeconds(seconds))
					.on(run.request(
							http(name).get((session) -> paths.get(ThreadLocalRandom.current().nextInt(paths.size())))))
					.injectOpen(atOnceUsers(this.warmUsers))))
			);
	}

	private void coalescing(String baseUrl) {
		this.upstreams.conditions().latency(LATENCY);
		AtomicLong users = new AtomicLong();
		Counts before = this.upstreams.traffic().counts();
		this.upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES);
		this.upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_GROUPS);
		Recorder recorder = measure(new LoadRun("3-coalescing", baseUrl, this.token, true,
				(run) -> List.of(scenario("coalescing")
					.exec(run.request(http("coalescing").get((session) -> path("coal-" + users.incrementAndGet()))))
					.injectOpen(rampUsers(1000).during(Duration.ofSeconds(1)))))
			);
		this.results.coalescing(recorder, this.upstreams.traffic().counts().minus(before),
				this.upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_STRUCTURES),
				this.upstreams.traffic().takeMaxBatch(UpstreamTraffic.ENOS_GROUPS), LATENCY.toMillis());
	}

	// Half the callers ask for a cached user with Cache-Control: no-cache (the upstream is
	// asked; stale on failure), half for a new user (partial on failure).
	private void rateLimited(String baseUrl) throws InterruptedException {
		this.upstreams.conditions().latency(LATENCY);
		this.upstreams.conditions().auth0RateLimit(2, 2);
		Thread.sleep(1000);
		AtomicLong users = new AtomicLong();
		int rps = 20;
		Counts before = this.upstreams.traffic().counts();
		Recorder recorder = measure(new LoadRun("4-rate-limited", baseUrl, this.token, true,
				(run) -> List.of(
						scenario("known").exec(run.request(http("known")
							.get((session) -> path("cold-" + (1 + users.incrementAndGet() % (COLD_RPS * this.seconds))))
							.header("Cache-Control", "no-cache")))
							.injectOpen(constantUsersPerSec(rps / 2.0).during(Duration.ofSeconds(this.seconds))),
						scenario("new")
							.exec(run.request(http("new").get((session) -> path("rl-" + users.incrementAndGet()))))
							.injectOpen(constantUsersPerSec(rps / 2.0).during(Duration.ofSeconds(this.seconds)))))
			);
		this.upstreams.conditions().auth0Unlimited();
		this.results.rateLimited(recorder, this.upstreams.traffic().counts().minus(before), rps);
	}

	// EnOS user groups answers 503: a first run trips the breaker, the measured run finds
	// it open (wait-duration-in-open-state is 10 s).
	private void upstreamDown(String baseUrl) throws Exception {
		this.upstreams.conditions().latency(LATENCY);
		this.upstreams.conditions().groupsDown(true);
		int rps = 50;
		int measured = Math.min(this.seconds, 6);
		AtomicLong users = new AtomicLong();
		try {
			measure(new LoadRun("5-down-trip", baseUrl, this.token, true,
					(run) -> List.of(scenario("trip")
						.exec(run.request(http("trip").get((session) -> path("down-a-" + users.incrementAndGet()))))
						.injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(2)))))
				);
			String stateBefore = this.service.breakers().get("enos-groups");
			Counts before = this.upstreams.traffic().counts();
			Recorder recorder = measure(new LoadRun("5-down", baseUrl, this.token, true,
					(run) -> List.of(scenario("down")
						.exec(run.request(http("down").get((session) -> path("down-b-" + users.incrementAndGet()))))
						.injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(measured)))))
				);
			this.results.upstreamDown(recorder, this.upstreams.traffic().counts().minus(before), stateBefore,
					this.service.breakers().get("enos-groups"), LATENCY.toMillis());
		}
		finally {
			this.upstreams.conditions().groupsDown(false);
		}
	}

	// Runs Gatling and notes the CPU the service's JVM used meanwhile; with --profile, a
	// JFR recording of each reported scenario.
	private Recorder measure(LoadRun run) {
		return measure(this.service.process().toHandle(), run);
	}

	private Recorder measure(ProcessHandle server, LoadRun run) {
		boolean profiled = this.profile && !run.name().startsWith("0-")
				&& server.pid() == this.service.process().pid();
		if (profiled) {
			this.profiler.start(run.name());
		}
		CpuMeter.Sample before = CpuMeter.of(server);
		Recorder recorder = run.run(this.out.resolve("gatling"));
		recorder.serverCpu(CpuMeter.of(server).minus(before));
		if (profiled) {
			this.results.profile(run.name(), this.profiler.stop(run.name()));
		}
		return recorder;
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

	record Measured(Recorder recorder, Counts counts) {
	}

}

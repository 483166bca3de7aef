package dev.memberships.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.memberships.bench.OpenLoop.Outcome;
import dev.memberships.bench.UpstreamCallers.Caller;
import org.slf4j.LoggerFactory;

/**
 * The upstream clients compared by the CPU one call costs (issue 16): WebClient on
 * Reactor Netty, as the service calls its upstreams, against RestClient on the JDK
 * {@code HttpClient}, each bare and with its protections. The demo upstreams run in a
 * JVM of their own ({@link UpstreamsProcess}), so that this JVM's CPU is the clients'
 * only. Each client is warmed up first, then measured in alternating windows (a, b, c,
 * d, a, b, ...) so that the spread between its windows shows the noise.
 * <p>
 * Run: {@code ./mvnw -Pbench verify -Dbench.args="--only clients"}. Options:
 * {@code --seconds N} (each measured window, default 6), {@code --warm-up N} (seconds
 * per client, default 20), {@code --rounds N} (default 2), {@code --rate N} (calls a
 * second, default 200), {@code --clients a,b} (by key, default all).
 */
final class ClientComparison {

	private static final Duration LATENCY = Duration.ofMillis(50);

	private final Path out;

	private final Duration window;

	private final Duration warmUp;

	private final int rounds;

	private final int rate;

	private final List<String> clients;

	ClientComparison(Map<String, String> options) {
		this.out = Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath();
		this.window = Duration.ofSeconds(Integer.parseInt(options.getOrDefault("seconds", "6")));
		this.warmUp = Duration.ofSeconds(Integer.parseInt(options.getOrDefault("warm-up", "20")));
		this.rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
		this.rate = Integer.parseInt(options.getOrDefault("rate", "200"));
		this.clients = options.containsKey("clients") ? List.of(options.get("clients").split(",")) : List.of();
	}

	void run() throws Exception {
		quietLogging();
		System.out.printf(Locale.ROOT, "Machine: %d CPUs, JDK %s; upstream latency %d ms, %d calls/s%n",
				Runtime.getRuntime().availableProcessors(), Runtime.version(), LATENCY.toMillis(), this.rate);
		Process upstreams = startUpstreams();
		try {
			String[] started = new BufferedReader(
					new InputStreamReader(upstreams.getInputStream(), StandardCharsets.UTF_8))
				.readLine()
				.split(" ");
			List<Caller> callers = new UpstreamCallers(started[0] + "/auth0", started[1], started[2]).all()
				.stream()
				.filter((caller) -> this.clients.isEmpty() || this.clients.contains(caller.key()))
				.toList();
			for (Caller caller : callers) {
				System.out.printf(Locale.ROOT, "Warming up %s for %d s%n", caller.key(), this.warmUp.toSeconds());
				load(caller, "warm-" + caller.key() + "-", this.warmUp);
			}
			List<String> rows = new ArrayList<>();
			for (int round = 1; round <= this.rounds; round++) {
				for (Caller caller : callers) {
					rows.add(measure(caller, round, upstreams.toHandle()));
					System.out.println(rows.getLast());
				}
			}
			String table = table(rows);
			System.out.println();
			System.out.println(table);
			Files.createDirectories(this.out);
			Files.writeString(this.out.resolve("clients.md"), table);
		}
		finally {
			upstreams.getOutputStream().close();
			if (!upstreams.waitFor(10, TimeUnit.SECONDS)) {
				upstreams.destroy();
			}
		}
	}

	// Logback's default without a configuration is DEBUG on the console: Reactor Netty's
	// and the JDK client's debug lines would cost more CPU than the calls. The service's
	// warnings of a full bulkhead, which a cold JVM's first seconds can bring, are counted
	// as errors instead.
	private static void quietLogging() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
		((Logger) LoggerFactory.getLogger("dev.memberships.upstream")).setLevel(Level.ERROR);
	}

	private Process startUpstreams() throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				UpstreamsProcess.class.getName(), Long.toString(LATENCY.toMillis()))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
	}

	// CPU of this JVM over the window, the calls' drain included; the garbage of the
	// client before is collected first, so that its GC is not charged to this one.
	// CpuMeter counts a process with its descendants: the upstreams' JVM, a child of this
	// one, is taken out again.
	private String measure(Caller caller, int round, ProcessHandle upstreams) throws InterruptedException {
		System.gc();
		CpuMeter.Sample upstreamsBefore = CpuMeter.of(upstreams);
		CpuMeter.Sample before = CpuMeter.of(ProcessHandle.current());
		Outcome outcome = load(caller, "r" + round + "-" + caller.key() + "-", this.window);
		CpuMeter.Sample upstreamsUsed = CpuMeter.of(upstreams).minus(upstreamsBefore);
		CpuMeter.Sample used = CpuMeter.of(ProcessHandle.current()).minus(before).minus(upstreamsUsed);
		double perCall = 1e6 / outcome.calls();
		String failures = outcome.someFailures().isEmpty() ? "" : " " + outcome.someFailures();
		return String.format(Locale.ROOT, "| %s | %d | %d | %d%s | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %s |",
				caller.label(), round, outcome.calls(), outcome.failures(), failures, used.total() * perCall,
				(used.total() - used.of("jit")) * perCall, used.of("jit") * perCall, used.of("gc") * perCall,
				upstreamsUsed.total() * perCall,
				outcome.percentileMillis(0.5), outcome.percentileMillis(0.99), threads(used));
	}

	// Which threads the CPU went to, the larger shares only: carriers of the virtual
	// threads ("requests"), Reactor Netty's event loops ("netty"), Reactor's schedulers,
	// the JDK client's selector and workers ("other").
	private static String threads(CpuMeter.Sample used) {
		return used.kinds()
			.entrySet()
			.stream()
			.filter((kind) -> kind.getValue() >= 0.05 * used.total())
			.map((kind) -> String.format(Locale.ROOT, "%s %.0f%%", kind.getKey(), 100 * kind.getValue() / used.total()))
			.collect(Collectors.joining(", "));
	}

	private Outcome load(Caller caller, String prefix, Duration length) throws InterruptedException {
		return OpenLoop.run((number) -> caller.call().apply("bench|" + prefix + number), this.rate, length);
	}

	private static String table(List<String> rows) {
		StringBuilder table = new StringBuilder()
			.append("| client | window | calls | errors | CPU µs/call | without JIT | JIT | GC "
					+ "| upstreams' JVM | p50 ms | p99 ms | threads |\n")
			.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		rows.forEach((row) -> table.append(row).append('\n'));
		return table.toString();
	}

}

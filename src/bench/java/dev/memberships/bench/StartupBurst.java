package dev.memberships.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoUpstreams;

/**
 * A new pod's start, measured the way the image runs it ({@code --only startup}): the jar
 * extracted, an AOT cache trained by the Dockerfile's command, the ENTRYPOINT's flags.
 * For each variant (AOT cache or not, warm-up or not), alternating, {@code --startup-runs}
 * times: launch to readiness UP, then at once the first burst, 32 concurrent requests for
 * new users (upstreams at 50 ms), as Kubernetes sends traffic the moment readiness says
 * UP; its slowest answer is the figure. Prints one table, also in
 * {@code target/bench/startup.md}.
 */
final class StartupBurst {

	private static final int BURST = 32;

	private static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

	private final Path jar;

	private final Path out;

	private final int runs;

	private final Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());

	StartupBurst(Map<String, String> options) {
		this.jar = Path.of(options.get("jar")).toAbsolutePath();
		this.out = Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath().resolve("startup");
		this.runs = Integer.parseInt(options.getOrDefault("startup-runs", "3"));
	}

	void run() throws Exception {
		Files.createDirectories(this.out);
		Path app = this.out.resolve("app");
		exec(List.of(this.java.toString(), "-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--force",
				"--destination", app.toString()), this.out, "extract");
		try (DemoUpstreams upstreams = new DemoUpstreams().start()) {
			upstreams.conditions().latency(Benchmark.LATENCY);
			List<String> settings = new ArrayList<>();
			upstreams.properties().forEach((k, v) -> settings.add("--" + k + "=" + v));
			upstreams.resourceServerProperties().forEach((k, v) -> settings.add("--" + k + "=" + v));
			List<String> training = new ArrayList<>(List.of(this.java.toString()));
			training.addAll(IMAGE_FLAGS);
			// Extract keeps the jar's own name, where the image copied it to application.jar.
			String applicationJar = this.jar.getFileName().toString();
			training.addAll(List.of("-XX:AOTCacheOutput=app.aot", "-Dspring.context.exit=onRefresh", "-jar",
					applicationJar));
			training.addAll(settings);
			exec(training, app, "training");
			String token = "Bearer " + upstreams.issuer()
				.mint("bench-startup", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofHours(1));
			String[] variants = { "plain, no warm-up", "AOT cache, no warm-up", "plain, warm-up", "AOT cache, warm-up" };
			double[][] ready = new double[variants.length][this.runs];
			double[][] slowest = new double[variants.length][this.runs];
			int[] incomplete = new int[variants.length];
			for (int run = 0; run < this.runs; run++) {
				for (int v = 0; v < variants.length; v++) {
					List<String> command = new ArrayList<>(List.of(this.java.toString()));
					command.addAll(IMAGE_FLAGS);
					if (variants[v].startsWith("AOT")) {
						command.add("-XX:AOTCache=app.aot");
					}
					command.addAll(List.of("-jar", applicationJar));
					command.addAll(settings);
					command.add("--memberships.warm-up.enabled=" + variants[v].endsWith(", warm-up"));
					double[] measured = startAndBurst(command, app, token, "v" + v + "-r" + run);
					ready[v][run] = measured[0];
					slowest[v][run] = measured[1];
					incomplete[v] += (int) measured[2];
				}
			}
			StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
					"load average before: %s%n%n| start-up (%d runs, median) | launch to ready (s) | first %d new users: slowest (ms) | not complete |%n|---|---|---|---|%n",
					Files.readString(Path.of("/proc/loadavg")).strip(), this.runs, BURST));
			for (int v = 0; v < variants.length; v++) {
				table.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %d |%n", variants[v], median(ready[v]),
						median(slowest[v]), incomplete[v]));
			}
			System.out.println(table);
			Files.writeString(this.out.getParent().resolve("startup.md"), table);
		}
	}

	/** Launch to readiness in s, the burst's slowest answer in ms, its incomplete answers. */
	private double[] startAndBurst(List<String> command, Path app, String token, String name) throws Exception {
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		command.add("--server.port=" + port);
		command.add("--management.server.port=" + management);
		HttpClient http = HttpClient.newHttpClient();
		URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
		long launched = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(app.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.out.resolve(name + ".log").toFile())
			.start();
		try {
			while (status(http, readiness) != 200) {
				if (!process.isAlive() || System.nanoTime() - launched > Duration.ofMinutes(3).toNanos()) {
					throw new IllegalStateException("not ready, see " + this.out.resolve(name + ".log"));
				}
				Thread.sleep(20);
			}
			double ready = (System.nanoTime() - launched) / 1e9;
			double slowest = 0;
			int incomplete = 0;
			try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<double[]>> answers = new ArrayList<>();
				for (int i = 0; i < BURST; i++) {
					URI uri = URI.create("http://127.0.0.1:" + port + Benchmark.path("startup-" + name + "-" + i));
					answers.add(callers.submit(() -> {
						long sent = System.nanoTime();
						HttpResponse<String> response = http.send(
								HttpRequest.newBuilder(uri).header("Authorization", token).build(),
								HttpResponse.BodyHandlers.ofString());
						boolean complete = response.statusCode() == 200 && response.body().contains("\"complete\":true");
						return new double[] { (System.nanoTime() - sent) / 1e6, complete ? 0 : 1 };
					}));
				}
				for (Future<double[]> answer : answers) {
					slowest = Math.max(slowest, answer.get()[0]);
					incomplete += (int) answer.get()[1];
				}
			}
			return new double[] { ready, slowest, incomplete };
		}
		finally {
			process.destroy();
			process.waitFor();
		}
	}

	private static int status(HttpClient http, URI uri) {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private void exec(List<String> command, Path directory, String name) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.out.resolve(name + ".log").toFile())
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(name + " failed, see " + this.out.resolve(name + ".log"));
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}

package dev.memberships.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoUpstreams;
import org.jspecify.annotations.Nullable;

/**
 * A new pod's start, measured the way the image runs it ({@code --only startup}): the jar
 * extracted, an AOT cache trained by the Dockerfile's own training command, the
 * ENTRYPOINT's flags (both read from the file, {@link ImageTraining}). For each variant
 * (see {@code variants}: the cache or not and which, the warm-up or not, extra flags),
 * alternating, {@code --startup-runs} times: launch to readiness UP, the CPU used until
 * then (in all and by kind of thread, {@link ThreadCpu}), then at once the first burst, 32
 * concurrent requests for new users (upstreams at 50 ms), as Kubernetes sends traffic the
 * moment readiness says UP; its slowest answer is the figure. Then such bursts are sent back
 * to back for {@code --startup-warm-s} (60) seconds, and a second later one more: its slowest
 * answer, printed beside, is what the same pod and machine do once warm, the floor the first
 * burst is compared with. Prints the tables,
 * also in {@code target/bench/startup.md}.
 */
final class StartupBurst {

	private static final int BURST = 32;

	/**
	 * After the first burst, bursts are sent back to back for this long ({@code --startup-warm-s}),
	 * then, a {@link #PAUSE} later, the warm figure's burst.
	 */
	private final Duration warming;

	private static final Duration PAUSE = Duration.ofSeconds(1);

	private static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

	private final Path jar;

	private final Path out;

	private final int runs;

	private final Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());

	private final Map<String, String> options;

	private final String loadBefore;

	/** By variant's name, CPU seconds until ready by kind of thread, one entry a run. */
	private final Map<String, List<Map<String, Double>>> threadCpu = new LinkedHashMap<>();

	StartupBurst(Map<String, String> options) throws IOException {
		this.options = options;
		this.loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
		this.jar = Path.of(options.get("jar")).toAbsolutePath();
		this.out = Path.of(options.getOrDefault("out", "target/bench")).toAbsolutePath().resolve("startup");
		this.runs = Integer.parseInt(options.getOrDefault("startup-runs", "3"));
		this.warming = Duration.ofSeconds(Long.parseLong(options.getOrDefault("startup-warm-s", "60")));
	}

	void run() throws Exception {
		Files.createDirectories(this.out);
		Path app = this.out.resolve("app");
		exec(List.of(this.java.toString(), "-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--force",
				"--destination", app.toString()), app.getParent(), Map.of(), "extract");
		ImageTraining image = ImageTraining.read(Path.of("Dockerfile"));
		List<Variant> variants = variants(image);
		try (DemoUpstreams upstreams = new DemoUpstreams().start()) {
			// --startup-latency-ms: 0 tells the service's and the machine's share of a burst.
			upstreams.conditions()
				.latency(Duration.ofMillis(Long.parseLong(
						this.options.getOrDefault("startup-latency-ms", Long.toString(Benchmark.LATENCY.toMillis())))));
			List<String> settings = new ArrayList<>();
			upstreams.properties().forEach((k, v) -> settings.add("--" + k + "=" + v));
			upstreams.resourceServerProperties().forEach((k, v) -> settings.add("--" + k + "=" + v));
			Map<String, Double> trainingSeconds = new LinkedHashMap<>();
			for (Variant variant : variants) {
				if (variant.training() != null && !trainingSeconds.containsKey(variant.training().cache())) {
					long started = System.nanoTime();
					train(variant.training(), image, app, settings);
					trainingSeconds.put(variant.training().cache(), (System.nanoTime() - started) / 1e9);
				}
			}
			String token = "Bearer " + upstreams.issuer()
				.mint("bench-startup", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofHours(1));
			double[][] ready = new double[variants.size()][this.runs];
			double[][] slowest = new double[variants.size()][this.runs];
			double[][] later = new double[variants.size()][this.runs];
			int[] incomplete = new int[variants.size()];
			double[][] cpu = new double[variants.size()][this.runs];
			for (int run = 0; run < this.runs; run++) {
				for (int v = 0; v < variants.size(); v++) {
					Variant variant = variants.get(v);
					List<String> command = new ArrayList<>(List.of(this.java.toString()));
					command.addAll(variant.flags());
					if (variant.training() != null) {
						command.add("-XX:AOTCache=" + variant.training().cache());
					}
					command.addAll(List.of("-jar", this.jar.getFileName().toString()));
					command.addAll(settings);
					command.add("--memberships.warm-up.enabled=" + variant.warmUp());
					double[] measured = startAndBurst(command, app, token, "v" + v + "-r" + run, variant.name());
					ready[v][run] = measured[0];
					slowest[v][run] = measured[1];
					later[v][run] = measured[4];
					incomplete[v] += (int) measured[2];
					cpu[v][run] = measured[3];
				}
			}
			StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
					"load average before: %s%n%n| start-up (%d runs, median) | launch to ready (s) | CPU until ready (s) | first %d new users: slowest (ms) | not complete | after %d s of such bursts: slowest (ms) | launch to ready, each run (s) | slowest, each run (ms) |%n|---|---|---|---|---|---|---|---|%n",
					this.loadBefore, this.runs, BURST, this.warming.toSeconds()));
			for (int v = 0; v < variants.size(); v++) {
				table.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f | %.0f | %d | %.0f | %s | %s |%n",
						variants.get(v).name(), median(ready[v]), median(cpu[v]), median(slowest[v]), incomplete[v],
						median(later[v]), each(ready[v], "%.2f"),
						each(slowest[v], "%.0f")));
			}
			table.append(String.format(Locale.ROOT,
					"%nCPU until ready by kind of thread (s, median of the runs):%n%n| start-up | main | jit-c1 | jit-c2 | gc+vm | other |%n|---|---|---|---|---|---|%n"));
			this.threadCpu.forEach((variant, byRun) -> {
				table.append("| ").append(variant);
				for (String kind : List.of("main", "jit-c1", "jit-c2", "gc+vm", "other")) {
					table.append(String.format(Locale.ROOT, " | %.2f",
							median(byRun.stream().mapToDouble((kinds) -> kinds.getOrDefault(kind, 0.0)).toArray())));
				}
				table.append(" |%n".formatted());
			});
			trainingSeconds.forEach((cache, seconds) -> table
				.append(String.format(Locale.ROOT, "%ntraining %s: %.1f s", cache, seconds)));
			table.append(String.format(Locale.ROOT, "%nload average after: %s%n",
					Files.readString(Path.of("/proc/loadavg")).strip()));
			System.out.println(table);
			Files.writeString(this.out.getParent().resolve("startup.md"), table);
		}
	}

	/**
	 * By key ({@code --startup-variants}, comma-separated): {@code plain} and
	 * {@code plain-warm} (no cache, without and with the warm-up), {@code start-cache} and
	 * {@code start-cache-warm} (a cache trained on start-up alone,
	 * {@code spring.context.exit=onRefresh}, the image before issue 20's work),
	 * {@code image-cold} and {@code image} (the Dockerfile's own training and ENTRYPOINT
	 * flags); {@code extra} is {@code image} with {@code --startup-flags} added to its
	 * training and its runs, {@code --startup-training-flags} to its training alone and
	 * {@code --startup-run-flags} to its runs alone (a JFR recording, say); several such
	 * variants are separated by {@code |} in each option, {@code extra2} the second.
	 */
	private List<Variant> variants(ImageTraining image) {
		Training start = new Training("start.aot", false, IMAGE_FLAGS);
		Training dockerfile = new Training("image.aot", true, List.of());
		Map<String, Variant> all = new LinkedHashMap<>();
		all.put("plain", new Variant("plain, no warm-up", null, IMAGE_FLAGS, false));
		all.put("plain-warm", new Variant("plain, warm-up", null, IMAGE_FLAGS, true));
		all.put("start-cache", new Variant("AOT cache of start-up, no warm-up", start, IMAGE_FLAGS, false));
		all.put("start-cache-warm", new Variant("AOT cache of start-up, warm-up", start, IMAGE_FLAGS, true));
		all.put("image-cold", new Variant("the image (Dockerfile), no warm-up", dockerfile, image.entrypointFlags(), false));
		all.put("image", new Variant("the image (Dockerfile), warm-up", dockerfile, image.entrypointFlags(), true));
		// Several extras, separated by |, each of the three options by position.
		String[] flags = this.options.getOrDefault("startup-flags", "").split("\\|", -1);
		String[] training = this.options.getOrDefault("startup-training-flags", "").split("\\|", -1);
		String[] run = this.options.getOrDefault("startup-run-flags", "").split("\\|", -1);
		int extras = Math.max(flags.length, Math.max(training.length, run.length));
		StringBuilder extraKeys = new StringBuilder();
		for (int i = 0; i < extras; i++) {
			List<String> extraFlags = words((i < flags.length) ? flags[i] : "");
			List<String> extraTraining = words((i < training.length) ? training[i] : "");
			List<String> runOnly = words((i < run.length) ? run[i] : "");
			if (extraFlags.isEmpty() && extraTraining.isEmpty() && runOnly.isEmpty()) {
				continue;
			}
			List<String> withExtra = new ArrayList<>(image.entrypointFlags());
			withExtra.addAll(extraFlags);
			withExtra.addAll(runOnly);
			List<String> extraTrainingFlags = new ArrayList<>(extraFlags);
			extraTrainingFlags.addAll(extraTraining);
			String key = "extra" + ((i == 0) ? "" : Integer.toString(i + 1));
			all.put(key, new Variant("the image + " + String.join(" ", extraFlags)
					+ (extraTraining.isEmpty() ? "" : ", trained with " + String.join(" ", extraTraining))
					+ (runOnly.isEmpty() ? "" : ", run with " + String.join(" ", runOnly)),
					new Training(key + ".aot", true, extraTrainingFlags), withExtra, true));
			extraKeys.append(',').append(key);
		}
		String keys = this.options.getOrDefault("startup-variants", "plain,start-cache-warm,image-cold,image" + extraKeys);
		return words(keys.replace(',', ' ')).stream().map(all::get).toList();
	}

	/** The old start-up training with the demo's settings, or the Dockerfile's own. */
	private void train(Training training, ImageTraining image, Path app, List<String> settings) throws Exception {
		List<String> command = new ArrayList<>(List.of(this.java.toString()));
		String jarName = this.jar.getFileName().toString();
		if (!training.dockerfile()) {
			command.addAll(training.flags());
			command.addAll(List.of("-XX:AOTCacheOutput=" + training.cache(), "-Dspring.context.exit=onRefresh", "-jar",
					jarName));
			command.addAll(settings);
			exec(command, app, Map.of(), "training-" + training.cache());
			return;
		}
		List<String> arguments = new ArrayList<>(image.arguments(training.cache(), jarName));
		arguments.addAll(arguments.indexOf("-jar"), training.flags());
		command.addAll(arguments);
		exec(command, app, image.environment(), "training-" + training.cache());
	}

	/** Launch to readiness in s, the burst's slowest answer in ms, its incomplete answers. */
	private double[] startAndBurst(List<String> command, Path app, String token, String name, String variant)
			throws Exception {
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
			double cpu = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1e3;
			this.threadCpu.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(ThreadCpu.of(process.pid()));
			double[] first = burst(http, port, token, name + "-first");
			// The same again once the pod has served for a while: what the first burst is
			// compared with (a floor set by the upstreams and the machine, not warmth).
			long warmUntil = System.nanoTime() + this.warming.toNanos();
			for (int i = 1; System.nanoTime() < warmUntil; i++) {
				burst(http, port, token, name + "-" + i);
			}
			Thread.sleep(PAUSE.toMillis());
			double[] later = burst(http, port, token, name + "-warm");
			return new double[] { ready, first[0], first[1], cpu, later[0] };
		}
		finally {
			process.destroy();
			process.waitFor();
		}
	}

	/** {@link #BURST} concurrent requests for new users: the slowest in ms, how many incomplete. */
	private static double[] burst(HttpClient http, int port, String token, String name) throws Exception {
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
		return new double[] { slowest, incomplete };
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

	private void exec(List<String> command, Path directory, Map<String, String> environment, String name)
			throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.out.resolve(name + ".log").toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(name + " failed, see " + this.out.resolve(name + ".log"));
		}
	}

	private static String each(double[] values, String format) {
		return String.join(", ", Arrays.stream(values).mapToObj((v) -> String.format(Locale.ROOT, format, v)).toList());
	}

	private static List<String> words(String text) {
		return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
	}

	/**
	 * A cache: {@code dockerfile} its training run as the Dockerfile's (plus
	 * {@code flags}), or else start-up only with the demo's settings.
	 */
	private record Training(String cache, boolean dockerfile, List<String> flags) {
	}

	private record Variant(String name, @Nullable Training training, List<String> flags, boolean warmUp) {
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}

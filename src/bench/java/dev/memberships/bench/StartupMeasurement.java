package dev.memberships.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up with and without a JDK AOT cache: trains the cache as the Dockerfile does,
 * then starts forks of the service without and with it, alternating, until readiness is
 * UP; medians.
 */
final class StartupMeasurement {

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");

	private final Forks forks;

	StartupMeasurement(Forks forks) {
		this.forks = forks;
	}

	/** Starts {@code runs} times each way and puts the medians into the results. */
	void run(int runs, Results results) throws Exception {
		Startup startup = measure(runs);
		results.note("start-up (median of %d, forked jar, extracted): without AOT cache ready %.1f s "
				+ "(Started in %.1f s, CPU %.1f s); with AOT cache ready %.1f s (Started in %.1f s, CPU %.1f s); "
				+ "training %.0f s", startup.runs(), startup.plain().ready(), startup.plain().started(),
				startup.plain().cpu(), startup.aot().ready(), startup.aot().started(), startup.aot().cpu(),
				startup.trainingSeconds());
	}

	private Startup measure(int runs) throws Exception {
		Path cache = this.forks.dir().resolve("app.aot");
		List<String> flags = new ArrayList<>(Forks.IMAGE_FLAGS);
		// As the Dockerfile trains it: through the warm-up, then closed.
		flags.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dmemberships.warm-up.exit-when-done=true"));
		List<String> training = this.forks.command(flags, Benchmark.freePort(), Benchmark.freePort());
		long trainingStart = System.nanoTime();
		this.forks.run(training, this.forks.dir().resolve("training.log"));
		double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
		if (!Files.exists(cache)) {
			throw new IllegalStateException("The training run wrote no AOT cache; see " + this.forks.dir());
		}
		List<Start> plain = new ArrayList<>();
		List<Start> aot = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			plain.add(start(null, i));
			aot.add(start(cache, i));
		}
		return new Startup(runs, median(plain), median(aot), trainingSeconds);
	}

	private Start start(Path cache, int run) throws Exception {
		int port = Benchmark.freePort();
		int management = Benchmark.freePort();
		List<String> flags = new ArrayList<>(Forks.IMAGE_FLAGS);
		if (cache != null) {
			flags.add("-XX:AOTCache=" + cache);
		}
		List<String> command = this.forks.command(flags, port, management);
		Path log = this.forks.dir().resolve("start-" + ((cache != null) ? "aot" : "plain") + "-" + run + ".log");
		long t0 = System.nanoTime();
		Process process = this.forks.start(command, log);
		try {
			this.forks.awaitReady(process, management, Duration.ofSeconds(120));
			double ready = (System.nanoTime() - t0) / 1e9;
			double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L) / 1000.0;
			ForkedProcesses.stop(process);
			Matcher started = STARTED.matcher(Files.readString(log));
			double startedIn = started.find() ? Double.parseDouble(started.group(1)) : -1;
			if (cache != null && Files.readString(log).contains("[aot]")) {
				System.out.println("AOT cache warning, see " + log);
			}
			return new Start(ready, startedIn, cpu);
		}
		finally {
			ForkedProcesses.stop(process);
		}
	}

	private static Start median(List<Start> starts) {
		return new Start(median(starts.stream().mapToDouble(Start::ready).toArray()),
				median(starts.stream().mapToDouble(Start::started).toArray()),
				median(starts.stream().mapToDouble(Start::cpu).toArray()));
	}

	private static double median(double[] values) {
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/**
	 * One start: wall seconds until readiness is UP, Spring's "Started in", CPU seconds
	 * until ready.
	 */
	record Start(double ready, double started, double cpu) {
	}

	/**
	 * The medians of the starts each way, and how long training the cache took.
	 */
	record Startup(int runs, Start plain, Start aot, double trainingSeconds) {
	}

}

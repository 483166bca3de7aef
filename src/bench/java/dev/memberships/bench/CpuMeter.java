package dev.memberships.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds of one or more processes, the whole and by kind of thread, read from
 * {@code /proc} (Linux): what part of a scenario's CPU went to the JIT and the GC rather
 * than to answering. A thread that ended between two samples counts as {@code ended}.
 */
final class CpuMeter {

	// Linux reports per-thread times in clock ticks of 1/100 s on every common kernel.
	private static final double TICK = 0.01;

	private static final List<Map.Entry<String, String>> KINDS = List.of(Map.entry("C1 CompilerThre", "jit"),
			Map.entry("C2 CompilerThre", "jit"), Map.entry("GC Thread", "gc"), Map.entry("G1 ", "gc"),
			Map.entry("VM Thread", "gc"), Map.entry("ForkJoinPool-", "requests"), Map.entry("http-nio", "requests"),
			Map.entry("tomcat-handler", "requests"), Map.entry("reactor-http", "netty"), Map.entry("parallel-", "reactor"),
			Map.entry("boundedElastic", "reactor"));

	private CpuMeter() {
	}

	/** The CPU used so far by a process and its descendants, by kind of thread. */
	static Sample of(ProcessHandle process) {
		Map<String, Double> kinds = new LinkedHashMap<>();
		double total = 0;
		for (ProcessHandle handle : Stream.concat(Stream.of(process), process.descendants()).toList()) {
			total += handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
			threads(handle.pid(), kinds);
		}
		double named = kinds.values().stream().mapToDouble(Double::doubleValue).sum();
		kinds.put("ended", Math.max(0, total - named));
		return new Sample(total, kinds);
	}

	private static void threads(long pid, Map<String, Double> kinds) {
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		if (!Files.isDirectory(tasks)) {
			return;
		}
		try (Stream<Path> threads = Files.list(tasks)) {
			threads.forEach((thread) -> {
				try {
					String stat = Files.readString(thread.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// Fields 14 and 15 of stat (utime, stime); the split starts at field 3.
					double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK;
					kinds.merge(kind(name), seconds, Double::sum);
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended while being read: it counts as ended.
				}
			});
		}
		catch (IOException ex) {
			// The process ended.
		}
	}

	private static String kind(String thread) {
		return KINDS.stream()
			.filter((kind) -> thread.startsWith(kind.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse("other");
	}

	/**
	 * CPU seconds.
	 *
	 * @param total the processes' CPU, every thread that ever ran included
	 * @param kinds by kind of thread: jit, gc, requests (virtual threads' carriers and
	 * Tomcat), netty, reactor, other, ended
	 */
	record Sample(double total, Map<String, Double> kinds) {

		Sample minus(Sample earlier) {
			Map<String, Double> difference = new LinkedHashMap<>();
			this.kinds.forEach((kind, seconds) -> difference.put(kind,
					Math.max(0, seconds - earlier.kinds().getOrDefault(kind, 0.0))));
			return new Sample(this.total - earlier.total(), difference);
		}

		double of(String kind) {
			return this.kinds.getOrDefault(kind, 0.0);
		}

	}

}

package dev.memberships.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a process's CPU went, by kind of thread (the JIT compilers, the garbage collector,
 * {@code main}, the rest), read from {@code /proc/<pid>/task/<tid>/stat} (Linux only): on
 * 2 cores the compilers compete with start-up itself, and this says by how much.
 */
final class ThreadCpu {

	/** Clock ticks a second: 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
	private static final double TICKS = 100;

	private ThreadCpu() {
	}

	/** Seconds of CPU by kind of thread; empty where {@code /proc} cannot be read. */
	static Map<String, Double> of(long pid) {
		Map<String, Double> seconds = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
					double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
					seconds.merge(kind(name), cpu, Double::sum);
				}
				catch (IOException | RuntimeException ex) {
					// A thread that ended between the listing and the read.
				}
			});
		}
		catch (IOException ex) {
			return Map.of();
		}
		return seconds;
	}

	private static String kind(String name) {
		if (name.startsWith("C2 Compiler")) {
			return "jit-c2";
		}
		if (name.startsWith("C1 Compiler")) {
			return "jit-c1";
		}
		if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
			return "gc+vm";
		}
		return name.equals("java") ? "main" : "other";
	}

}

package dev.memberships.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memberships.demo.UpstreamTraffic.Counts;

/**
 * The figures every scenario puts here (rows, notes, targets, profiles), and the table
 * that shows them beside the targets. What a scenario's figures mean is its own class's
 * business; this one only collects and lays them out.
 */
final class Results {

	private final List<Row> rows = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final List<TwoPods.Outcome> twoPods = new ArrayList<>();

	private final List<String> profiles = new ArrayList<>();

	private final Map<String, String> cpuSplits = new LinkedHashMap<>();

	/**
	 * Adds a row of the table, and the run's CPU by kind of thread to the notes.
	 * @param scenario the row's name
	 * @param recorder what the run measured
	 * @param counts the upstream calls during the run, or {@code null} where they do not
	 * matter (no calls/ans figure)
	 * @param ideal what the row is compared with
	 * @return the row
	 */
	Row add(String scenario, Recorder recorder, Counts counts, String ideal) {
		StringBuilder split = new StringBuilder();
		recorder.cpu()
			.kinds()
			.forEach((kind, seconds) -> split
				.append(format("%s %.3f, ", kind, seconds * 1000 / Math.max(1, recorder.requests()))));
		if (!split.isEmpty()) {
			this.cpuSplits.put(scenario, split.substring(0, split.length() - 2) + "; peak in flight "
					+ recorder.peakInFlight() + ", 503s " + recorder.statuses().getOrDefault("503", 0L));
		}
		long answers = recorder.requests() - recorder.errors();
		String callsPerAnswer = (counts != null && answers > 0) ? format("%.3f", counts.total() / (double) answers)
				: "-";
		Row row = new Row(scenario, recorder.requests(), recorder.requests() / recorder.seconds(),
				recorder.percentile(50), recorder.percentile(90), recorder.percentile(99), recorder.max(),
				recorder.errors(), callsPerAnswer, ideal, recorder.serviceCpuPerRequest(),
				recorder.jitAndGcPerRequest());
		this.rows.add(row);
		return row;
	}

	/** A note below the table, formatted with {@link Locale#ROOT}. */
	void note(String format, Object... args) {
		this.notes.add(format(format, args));
	}

	void target(String target, String measured, boolean met) {
		this.targets.add(new Target(target, measured, met));
	}

	void profile(String scenario, Profiler.Profile profile) {
		this.profiles.add(profile.describe(scenario));
	}

	void twoPods(List<TwoPods.Outcome> outcomes) {
		this.twoPods.addAll(outcomes);
	}

	String table() {
		StringBuilder table = new StringBuilder();
		if (!this.rows.isEmpty()) {
			singleService(table);
		}
		if (!this.twoPods.isEmpty()) {
			if (!this.rows.isEmpty()) {
				table.append('\n');
			}
			TwoPodsTable.append(table, this.twoPods);
		}
		return table.toString();
	}

	private void singleService(StringBuilder table) {
		table.append(String.format(Locale.ROOT,
				"| %-34s | %8s | %7s | %5s | %5s | %5s | %6s | %6s | %10s | %-14s | %8s | %8s |%n", "scenario",
				"requests", "rps", "p50", "p90", "p99", "max", "errors", "calls/ans", "ideal", "CPU ms", "JIT+GC"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(36),
				"-".repeat(10), "-".repeat(9), "-".repeat(7), "-".repeat(7), "-".repeat(7), "-".repeat(8),
				"-".repeat(8), "-".repeat(12), "-".repeat(16), "-".repeat(10), "-".repeat(10)));
		for (Row row : this.rows) {
			table.append(String.format(Locale.ROOT,
					"| %-34s | %8d | %7.0f | %5d | %5d | %5d | %6d | %6d | %10s | %-14s | %8.3f | %8.3f |%n",
					row.scenario(), row.requests(), row.rps(), row.p50(), row.p90(), row.p99(), row.max(),
					row.errors(), row.callsPerAnswer(), row.ideal(), row.cpu(), row.jitAndGc()));
		}
		table.append("\nTimes in ms as Gatling measured them (1 ms resolution); calls/ans: upstream calls per answer; "
				+ "CPU ms: CPU the server (the service's JVM; nginx's processes for its row) used per request, "
				+ "user plus system; JIT+GC: of that, the JIT compiler and GC threads.\n\n");
		this.cpuSplits.forEach((scenario, split) -> table.append("- CPU by thread kind, ms per request, ")
			.append(scenario)
			.append(": ")
			.append(split)
			.append('\n'));
		for (String note : this.notes) {
			table.append("- ").append(note).append('\n');
		}
		table.append('\n');
		table.append(String.format(Locale.ROOT, "| %-42s | %-46s | %-4s |%n", "target", "measured", "met"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(44), "-".repeat(48), "-".repeat(6)));
		for (Target target : this.targets) {
			table.append(String.format(Locale.ROOT, "| %-42s | %-46s | %-4s |%n", target.target(), target.measured(),
					target.met() ? "yes" : "NO"));
		}
		this.profiles.forEach(table::append);
	}

	/** An answer's kinds and statuses, for a note. */
	static String kinds(Recorder recorder) {
		return format("complete %d, stale %d, partial %d, errors %d %s", recorder.complete(), recorder.stale(),
				recorder.partial(), recorder.errors(), recorder.statuses());
	}

	static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	record Row(String scenario, long requests, double rps, long p50, long p90, long p99, long max, long errors,
			String callsPerAnswer, String ideal, double cpu, double jitAndGc) {
	}

	record Target(String target, String measured, boolean met) {
	}

}

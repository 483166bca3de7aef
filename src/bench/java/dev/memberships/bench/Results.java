package dev.memberships.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memberships.bench.Forks.Heap;
import dev.memberships.bench.Forks.Startup;
import dev.memberships.bench.LoadRun.Recorder;
import dev.memberships.demo.UpstreamTraffic;
import dev.memberships.demo.UpstreamTraffic.Counts;

/**
 * The figures of every scenario, and the table that shows them beside the targets.
 */
final class Results {

	private final List<Row> rows = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final List<TwoPods.Outcome> twoPods = new ArrayList<>();

	private final List<String> profiles = new ArrayList<>();

	private final Map<String, String> cpuSplits = new java.util.LinkedHashMap<>();

	void coldBelowSaturation(Recorder cold, Counts counts, long ideal, int rps) {
		Row row = row("1 cold, distinct users, " + rps + " rps", cold, counts, ideal + " ms");
		this.rows.add(row);
		this.notes.add(format("1 cold at %d rps: p50 - ideal = %d ms, p99 - ideal = %d ms; answers %s", rps,
				row.p50() - ideal, row.p99() - ideal, kinds(cold)));
	}

	void cold(Recorder cold, Counts counts, long ideal) {
		Row row = row("1 cold, distinct users, 200 rps", cold, counts, ideal + " ms");
		this.rows.add(row);
		long p50 = row.p50() - ideal;
		long p99 = row.p99() - ideal;
		this.notes.add(format("1 cold: p50 - ideal = %d ms, p99 - ideal = %d ms at %.0f rps; upstream calls %s; answers %s",
				p50, p99, row.rps(), counts.calls(), kinds(cold)));
		this.targets.add(new Target("cold CPU per answer <= 2 ms at 200 rps",
				format("%.2f ms (JIT and GC %.2f)", cold.serviceCpuPerRequest(), cold.jitAndGcPerRequest()),
				cold.serviceCpuPerRequest() <= 2));
		this.targets.add(new Target("cold p50 <= ideal + 2 ms at 200 rps", format("%d ms (+%d)", row.p50(), p50),
				p50 <= 2 && row.rps() >= 190));
		this.targets.add(new Target("cold p99 <= ideal + 10 ms at 200 rps", format("%d ms (+%d)", row.p99(), p99),
				p99 <= 10 && row.rps() >= 190));
	}

	void warm(Recorder warm, Counts counts, Recorder ceiling, int users, Recorder open) {
		Row warmRow = row("2 warm, cached users, " + users + " users", warm, counts, "static ceiling");
		Row staticRow = row("2 static ceiling, " + users + " users", ceiling, null, "-");
		Row openRow = row("2 warm, cached users, 200 rps", open, null, "-");
		this.rows.add(warmRow);
		this.rows.add(staticRow);
		this.rows.add(openRow);
		double ratio = warmRow.rps() / staticRow.rps();
		this.notes.add(format(
				"2 warm: %d concurrent users, closed model: %.0f rps vs %.0f rps static = %.0f %%; statuses %s, static %s",
				users, warmRow.rps(), staticRow.rps(), ratio * 100, warm.statuses(), ceiling.statuses()));
		this.targets.add(new Target("cached CPU per answer <= 0.3 ms (" + users + " users)",
				format("%.3f ms (JIT and GC %.3f)", warm.serviceCpuPerRequest(), warm.jitAndGcPerRequest()),
				warm.serviceCpuPerRequest() <= 0.3));
		this.targets.add(new Target("cached CPU per answer <= 0.3 ms (200 rps)",
				format("%.3f ms (JIT and GC %.3f)", open.serviceCpuPerRequest(), open.jitAndGcPerRequest()),
				open.serviceCpuPerRequest() <= 0.3));
		this.targets.add(new Target("warm rps >= 50 % of static ceiling",
				format("%.0f / %.0f rps = %.0f %%", warmRow.rps(), staticRow.rps(), ratio * 100), ratio >= 0.5));
		this.targets.add(new Target("warm p99 <= 5 ms (200 rps, below saturation)", format("%d ms", openRow.p99()),
				openRow.p99() <= 5));
		this.targets.add(new Target("warm p99 <= 5 ms (closed, saturated)", format("%d ms", warmRow.p99()),
				warmRow.p99() <= 5));
	}

	void idle(CpuMeter.Sample cpu, int seconds) {
		StringBuilder split = new StringBuilder();
		cpu.kinds().forEach((kind, used) -> split.append(format("%s %.1f, ", kind, used * 1000 / seconds)));
		this.notes.add(format("idle, no request for %d s: the service used %.1f ms of CPU a second (%s)", seconds,
				cpu.total() * 1000 / seconds, split.substring(0, Math.max(0, split.length() - 2))));
	}

	void staticOpen(Recorder staticOpen) {
		this.rows.add(row("2 static file, 200 rps", staticOpen, null, "-"));
	}

	void nginx(Recorder nginx, int users) {
		this.rows.add(row("2 nginx, the same file, " + users + " users", nginx, null, "-"));
	}

	void profile(String scenario, Profiler.Profile profile) {
		this.profiles.add(profile.describe(scenario));
	}

	void coalescing(Recorder recorder, Counts counts, int maxStructures, int maxGroups, long ideal) {
		Row row = row("3 coalescing, 1,000 users in 1 s", recorder, counts, ideal + " ms");
		this.rows.add(row);
		long structures = counts.calls().get(UpstreamTraffic.ENOS_STRUCTURES);
		long groups = counts.calls().get(UpstreamTraffic.ENOS_GROUPS);
		this.notes.add(format(
				"3 coalescing: EnOS calls structures %d (max batch %d), user groups %d (max batch %d); "
						+ "added to ideal: p50 %d ms, p99 %d ms; answers %s; reasons %s",
				structures, maxStructures, groups, maxGroups, row.p50() - ideal, row.p99() - ideal, kinds(recorder),
				recorder.reasons()));
		this.targets.add(new Target("coalescing <= 10 calls per EnOS endpoint",
				format("structures %d, groups %d (max batch %d/%d)", structures, groups, maxStructures, maxGroups),
				structures <= 10 && groups <= 10));
	}

	void rateLimited(Recorder recorder, Counts counts, int rps) {
		Row row = row("4 Auth0 at 2 rps, burst 2", recorder, counts, "2 complete/s");
		this.rows.add(row);
		double seconds = recorder.seconds();
		this.notes.add(format(
				"4 rate-limited (%d rps offered, half no-cache on cached users, half new): per second %.1f complete, "
						+ "%.1f stale, %.1f partial, %.1f errors; Auth0 calls %d, 429s received %d, "
						+ "requests before an advertised reset %d; reasons %s; statuses %s",
				rps, recorder.complete() / seconds, recorder.stale() / seconds, recorder.partial() / seconds,
				recorder.errors() / seconds, counts.calls().get(UpstreamTraffic.AUTH0_ORGS),
				counts.tooManyRequests(), counts.earlyRequests(), recorder.reasons(), recorder.statuses()));
		this.targets.add(new Target("0 requests before an advertised reset",
				format("%d (429s: %d)", counts.earlyRequests(), counts.tooManyRequests()), counts.earlyRequests() == 0));
	}

	void upstreamDown(Recorder recorder, Counts counts, String stateBefore, String stateAfter, long ideal) {
		Row row = row("5 EnOS groups down, breaker open", recorder, counts, ideal + " ms");
		this.rows.add(row);
		this.notes.add(format(
				"5 down: breaker %s at start, %s at end; p50 - ideal %d ms, p99 - ideal %d ms; "
						+ "user-groups calls %d; answers %s; reasons %s",
				stateBefore, stateAfter, row.p50() - ideal, row.p99() - ideal,
				counts.calls().get(UpstreamTraffic.ENOS_GROUPS), kinds(recorder), recorder.reasons()));
	}

	void twoPods(List<TwoPods.Outcome> outcomes) {
		this.twoPods.addAll(outcomes);
	}

	void heap(Heap heap) {
		this.notes.add(format(
				"heap: %,d users cached (caches %s) in -Xmx512m: live heap after full GC %d MiB "
						+ "(%d MiB before filling, so %,d bytes per user); %d batch answers incomplete",
				heap.users(), heap.cacheSizes(), heap.afterBytes() >> 20, heap.beforeBytes() >> 20,
				(heap.afterBytes() - heap.beforeBytes()) / Math.max(1, heap.users()), heap.incomplete()));
		this.targets.add(new Target("100k cached users within a 512 MiB heap",
				format("%d MiB live (Xmx512m, no OOM)", heap.afterBytes() >> 20),
				heap.alive() && heap.afterBytes() < (512L << 20) && heap.cachedAll()));
	}

	void startup(Startup startup) {
		this.notes.add(format(
				"start-up (median of %d, forked jar, extracted): without AOT cache ready %.1f s (Started in %.1f s, "
						+ "CPU %.1f s); with AOT cache ready %.1f s (Started in %.1f s, CPU %.1f s); training %.0f s",
				startup.runs(), startup.plain().ready(), startup.plain().started(), startup.plain().cpu(),
				startup.aot().ready(), startup.aot().started(), startup.aot().cpu(), startup.trainingSeconds()));
	}

	String table() {
		StringBuilder table = new StringBuilder();
		if (!this.rows.isEmpty()) {
			singleService(table);
		}
		if (!this.twoPods.isEmpty()) {
			twoPodsTables(table);
		}
		return table.toString();
	}

	private void singleService(StringBuilder table) {
		table.append(String.format(Locale.ROOT, "| %-34s | %8s | %7s | %5s | %5s | %5s | %6s | %6s | %10s | %-14s | %8s | %8s |%n",
				"scenario", "requests", "rps", "p50", "p90", "p99", "max", "errors", "calls/ans", "ideal", "CPU ms",
				"JIT+GC"));
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

	// Cold users asked of pod A, then pod B: the calls per answer with and without the
	// shared level; then the latency of each kind of ask, and what L2 adds over L1.
	private void twoPodsTables(StringBuilder table) {
		if (!this.rows.isEmpty()) {
			table.append('\n');
		}
		List<String> endpoints = List.copyOf(this.twoPods.get(0).calls().keySet());
		table.append(String.format(Locale.ROOT, "| %-26s | %5s | %7s | %8s | %5s | %5s |", "two pods, A then B",
				"users", "answers", "complete", "stale", "part."));
		endpoints.forEach((endpoint) -> table.append(String.format(Locale.ROOT, " %s |", endpoint)));
		table.append(String.format(Locale.ROOT, " %6s | %9s |%n", "calls", "calls/ans"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|", "-".repeat(28), "-".repeat(7), "-".repeat(9),
				"-".repeat(10), "-".repeat(7), "-".repeat(7)));
		endpoints.forEach((endpoint) -> table.append("-".repeat(endpoint.length() + 2)).append('|'));
		table.append(String.format(Locale.ROOT, "%s|%s|%n", "-".repeat(8), "-".repeat(11)));
		for (TwoPods.Outcome outcome : this.twoPods) {
			table.append(String.format(Locale.ROOT, "| %-26s | %5d | %7d | %8d | %5d | %5d |", outcome.mode(),
					outcome.users(), outcome.pairs().answers(), outcome.pairs().complete(), outcome.pairs().stale(),
					outcome.pairs().partial()));
			endpoints.forEach((endpoint) -> table.append(String.format(Locale.ROOT, " %" + endpoint.length() + "d |",
					outcome.calls().getOrDefault(endpoint, 0L))));
			table
				.append(String.format(Locale.ROOT, " %6d | %9.3f |%n", outcome.totalCalls(), outcome.callsPerAnswer()));
		}
		table.append('\n');
		table.append(String.format(Locale.ROOT, "| %-14s | %-26s | %7s | %7s | %7s | %7s | %7s |%n", "mode", "ask",
				"samples", "p50", "p90", "p99", "max"));
		table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(16), "-".repeat(28),
				"-".repeat(9), "-".repeat(9), "-".repeat(9), "-".repeat(9), "-".repeat(9)));
		for (TwoPods.Outcome outcome : this.twoPods) {
			for (TwoPods.Latency latency : outcome.latencies()) {
				table.append(String.format(Locale.ROOT, "| %-14s | %-26s | %7d | %7.2f | %7.2f | %7.2f | %7.2f |%n",
						outcome.mode(), latency.answer(), latency.samples(), latency.p50(), latency.p90(),
						latency.p99(), latency.max()));
			}
		}
		table.append("\nTwo pods: sequential requests, times in ms (System.nanoTime around each exchange); "
				+ "calls/ans: upstream calls per answer of the first two asks.\n\n");
		for (TwoPods.Outcome outcome : this.twoPods) {
			table.append(format("- %s: errors %d; second asks (B, then A): %d answers, %d upstream calls%n",
					outcome.mode(), outcome.pairs().errors() + outcome.repeats().errors(), outcome.repeats().answers(),
					outcome.repeatCalls()));
			if (outcome.latencies().size() >= 3 && outcome.latencies().get(1).answer().contains("L2")) {
				TwoPods.Latency l2 = outcome.latencies().get(1);
				TwoPods.Latency l1 = outcome.latencies().get(2);
				table.append(format(
						"- %s, on pod B: an L2 hit adds %.2f ms at p50 (%.2f vs %.2f, %.1fx) and "
								+ "%.2f ms at p90 (%.2f vs %.2f) over an L1 hit%n",
						outcome.mode(), l2.p50() - l1.p50(), l2.p50(), l1.p50(), l2.p50() / l1.p50(),
						l2.p90() - l1.p90(), l2.p90(), l1.p90()));
			}
		}
	}

	private Row row(String scenario, Recorder recorder, Counts counts, String ideal) {
		StringBuilder split = new StringBuilder();
		recorder.cpu()
			.kinds()
			.forEach((kind, seconds) -> split.append(
					format("%s %.3f, ", kind, seconds * 1000 / Math.max(1, recorder.requests()))));
		if (!split.isEmpty()) {
			this.cpuSplits.put(scenario, split.substring(0, split.length() - 2) + "; peak in flight "
					+ recorder.peakInFlight() + ", 503s " + recorder.statuses().getOrDefault("503", 0L));
		}
		long answers = recorder.requests() - recorder.errors();
		String callsPerAnswer = (counts != null && answers > 0) ? format("%.3f", counts.total() / (double) answers)
				: "-";
		return new Row(scenario, recorder.requests(), recorder.requests() / recorder.seconds(),
				recorder.percentile(50), recorder.percentile(90), recorder.percentile(99), recorder.max(),
				recorder.errors(), callsPerAnswer, ideal, recorder.serviceCpuPerRequest(), recorder.jitAndGcPerRequest());
	}

	private static String kinds(Recorder recorder) {
		return format("complete %d, stale %d, partial %d, errors %d %s", recorder.complete(), recorder.stale(),
				recorder.partial(), recorder.errors(), statusesOf(recorder.statuses()));
	}

	private static String statusesOf(Map<String, Long> statuses) {
		return statuses.toString();
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	record Row(String scenario, long requests, double rps, long p50, long p90, long p99, long max, long errors,
			String callsPerAnswer, String ideal, double cpu, double jitAndGc) {
	}

	record Target(String target, String measured, boolean met) {
	}

}

package dev.memberships.bench;

import java.util.List;
import java.util.Locale;

import dev.memberships.bench.AskTimes.Latency;

/**
 * The two-pod scenario's tables: cold users asked of pod A, then pod B, the calls per
 * answer with and without the shared level; then the latency of each kind of ask, and
 * what an L2 hit adds over an L1 hit.
 */
final class TwoPodsTable {

	private TwoPodsTable() {
	}

	static void append(StringBuilder table, List<TwoPods.Outcome> outcomes) {
		calls(table, outcomes);
		table.append('\n');
		latencies(table, outcomes);
		table.append("\nTwo pods: sequential requests, times in ms (System.nanoTime around each exchange); "
				+ "calls/ans: upstream calls per answer of the first two asks.\n\n");
		for (TwoPods.Outcome outcome : outcomes) {
			table.append(format("- %s: errors %d; second asks (B, then A): %d answers, %d upstream calls%n",
					outcome.mode(), outcome.pairs().errors() + outcome.repeats().errors(), outcome.repeats().answers(),
					outcome.repeatCalls()));
			if (outcome.latencies().size() >= 3 && outcome.latencies().get(1).answer().contains("L2")) {
				Latency l2 = outcome.latencies().get(1);
				Latency l1 = outcome.latencies().get(2);
				table.append(format(
						"- %s, on pod B: an L2 hit adds %.2f ms at p50 (%.2f vs %.2f, %.1fx) and "
								+ "%.2f ms at p90 (%.2f vs %.2f) over an L1 hit%n",
						outcome.mode(), l2.p50() - l1.p50(), l2.p50(), l1.p50(), l2.p50() / l1.p50(),
						l2.p90() - l1.p90(), l2.p90(), l1.p90()));
			}
		}
	}

	private static void calls(StringBuilder table, List<TwoPods.Outcome> outcomes) {
		// Endpoints no pod called (the organization index's lists) are left out.
		List<String> endpoints = outcomes.get(0)
			.calls()
			.keySet()
			.stream()
			.filter((endpoint) -> outcomes.stream().anyMatch((outcome) -> outcome.calls().getOrDefault(endpoint, 0L) > 0))
			.toList();
		table.append(format("| %-26s | %5s | %7s | %8s | %5s | %5s |", "two pods, A then B", "users", "answers",
				"complete", "stale", "part."));
		endpoints.forEach((endpoint) -> table.append(format(" %s |", endpoint)));
		table.append(format(" %6s | %9s |%n", "calls", "calls/ans"));
		table.append(format("|%s|%s|%s|%s|%s|%s|", "-".repeat(28), "-".repeat(7), "-".repeat(9), "-".repeat(10),
				"-".repeat(7), "-".repeat(7)));
		endpoints.forEach((endpoint) -> table.append("-".repeat(endpoint.length() + 2)).append('|'));
		table.append(format("%s|%s|%n", "-".repeat(8), "-".repeat(11)));
		for (TwoPods.Outcome outcome : outcomes) {
			table.append(format("| %-26s | %5d | %7d | %8d | %5d | %5d |", outcome.mode(), outcome.users(),
					outcome.pairs().answers(), outcome.pairs().complete(), outcome.pairs().stale(),
					outcome.pairs().partial()));
			endpoints.forEach((endpoint) -> table
				.append(format(" %" + endpoint.length() + "d |", outcome.calls().getOrDefault(endpoint, 0L))));
			table.append(format(" %6d | %9.3f |%n", outcome.totalCalls(), outcome.callsPerAnswer()));
		}
	}

	private static void latencies(StringBuilder table, List<TwoPods.Outcome> outcomes) {
		table.append(format("| %-14s | %-26s | %7s | %7s | %7s | %7s | %7s |%n", "mode", "ask", "samples", "p50",
				"p90", "p99", "max"));
		table.append(format("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(16), "-".repeat(28), "-".repeat(9), "-".repeat(9),
				"-".repeat(9), "-".repeat(9), "-".repeat(9)));
		for (TwoPods.Outcome outcome : outcomes) {
			for (Latency latency : outcome.latencies()) {
				table.append(format("| %-14s | %-26s | %7d | %7.2f | %7.2f | %7.2f | %7.2f |%n", outcome.mode(),
						latency.answer(), latency.samples(), latency.p50(), latency.p90(), latency.p99(),
						latency.max()));
			}
		}
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}

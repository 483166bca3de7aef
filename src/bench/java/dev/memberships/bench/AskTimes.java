package dev.memberships.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The times of one kind of ask of the two-pod scenario, in nanoseconds. */
final class AskTimes {

	private final String answer;

	private final List<Long> nanos = new ArrayList<>();

	AskTimes(String answer) {
		this.answer = answer;
	}

	void add(long nanos) {
		this.nanos.add(nanos);
	}

	Latency latency() {
		long[] sorted = this.nanos.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new Latency(this.answer, sorted.length, millis(sorted, 50), millis(sorted, 90), millis(sorted, 99),
				millis(sorted, 100));
	}

	// Nearest rank, as the load runs' percentiles.
	private static double millis(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return -1;
		}
		int rank = (int) Math.max(1, Math.ceil(percentile / 100 * sorted.length));
		return sorted[rank - 1] / 1e6;
	}

	/** Percentiles of one kind of ask, in milliseconds. */
	record Latency(String answer, int samples, double p50, double p90, double p99, double max) {
	}

}

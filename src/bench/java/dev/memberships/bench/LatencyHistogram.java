package dev.memberships.bench;

/**
 * Response times as Gatling measured them, in whole milliseconds up to two minutes (longer
 * ones count as two minutes), and their percentiles by nearest rank.
 */
final class LatencyHistogram {

	private static final int MAX_MILLIS = 120_000;

	private final long[] counts = new long[MAX_MILLIS + 1];

	synchronized void add(int millis) {
		this.counts[Math.min(MAX_MILLIS, millis)]++;
	}

	/** The response time at a percentile (0-100), in ms; -1 without any. */
	synchronized long percentile(double percentile) {
		long total = 0;
		for (long n : this.counts) {
			total += n;
		}
		if (total == 0) {
			return -1;
		}
		long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
		long seen = 0;
		for (int millis = 0; millis < this.counts.length; millis++) {
			seen += this.counts[millis];
			if (seen >= rank) {
				return millis;
			}
		}
		return MAX_MILLIS;
	}

}

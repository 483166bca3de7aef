package dev.memberships.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When each request of a run was sent and answered, as the load generator saw them
 * (millisecond resolution): the run's length, and the most requests in flight at once.
 */
final class Exchanges {

	private final List<long[]> exchanges = new ArrayList<>();

	private long firstSent = Long.MAX_VALUE;

	private long lastAnswered = Long.MIN_VALUE;

	synchronized void add(long sent, long answered) {
		this.firstSent = Math.min(this.firstSent, sent);
		this.lastAnswered = Math.max(this.lastAnswered, answered);
		this.exchanges.add(new long[] { sent, answered });
	}

	/**
	 * The most requests in flight at once (sent, not yet answered): what a concurrency
	 * limit must allow.
	 */
	synchronized int peakInFlight() {
		List<long[]> events = new ArrayList<>();
		for (long[] exchange : this.exchanges) {
			events.add(new long[] { exchange[0], 1 });
			events.add(new long[] { exchange[1], -1 });
		}
		// Ends before starts at the same millisecond: an answer and the next request.
		events.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
		int inFlight = 0;
		int peak = 0;
		for (long[] event : events) {
			inFlight += (int) event[1];
			peak = Math.max(peak, inFlight);
		}
		return peak;
	}

	/** Seconds from the first request sent to the last answer. */
	synchronized double seconds() {
		return Math.max(1, this.lastAnswered - this.firstSent) / 1000.0;
	}

}

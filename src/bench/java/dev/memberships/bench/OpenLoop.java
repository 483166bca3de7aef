package dev.memberships.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * An open-loop load in this JVM: calls started at a fixed rate, each on a new virtual
 * thread, as the service's requests are, whatever the earlier calls are doing. A call's
 * latency runs from when it was due, so that a late start counts against it.
 */
final class OpenLoop {

	private OpenLoop() {
	}

	/**
	 * Runs the load and waits for every call to end.
	 * @param call one call, given its number; it throws on failure
	 * @param perSecond calls started a second
	 * @param length how long calls are started for
	 * @return the latencies of the calls that succeeded, and the failures
	 */
	static Outcome run(Consumer<Integer> call, int perSecond, Duration length) throws InterruptedException {
		int calls = Math.toIntExact(perSecond * length.toSeconds());
		long period = 1_000_000_000L / perSecond;
		long[] latencies = new long[calls];
		AtomicInteger failures = new AtomicInteger();
		ConcurrentHashMap<String, Integer> failureKinds = new ConcurrentHashMap<>();
		Thread[] threads = new Thread[calls];
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			long due = start + i * period;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			int number = i;
			threads[i] = Thread.startVirtualThread(() -> {
				try {
					call.accept(number);
					latencies[number] = System.nanoTime() - due;
				}
				catch (RuntimeException ex) {
					latencies[number] = -1;
					failures.incrementAndGet();
					failureKinds.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1, Integer::sum);
				}
			});
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long[] succeeded = Arrays.stream(latencies).filter((latency) -> latency >= 0).sorted().toArray();
		return new Outcome(calls, failures.get(), succeeded, failureKinds.keySet().stream().limit(3).toList());
	}

	/**
	 * What a run did.
	 *
	 * @param calls the calls started
	 * @param failures the calls that threw
	 * @param latencies of the calls that succeeded, in nanoseconds, sorted
	 * @param someFailures up to three kinds of failure, for the reader
	 */
	record Outcome(int calls, int failures, long[] latencies, List<String> someFailures) {

		/** The latency below which the given share of successful calls ended, in ms. */
		double percentileMillis(double share) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			return this.latencies[(int) Math.min(this.latencies.length - 1,
					Math.ceil(share * this.latencies.length) - 1)] / 1e6;
		}

	}

}

package dev.memberships.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Active users asking for their own memberships again and again, each on a virtual thread
 * of its own, once every {@code period} (started at random offsets, so the load is even):
 * counts their answers by the organizations source's status. Counts are read as
 * {@link Tally} snapshots, so that a phase measures the difference.
 */
final class ActiveUsers implements AutoCloseable {

	private final LongAdder ok = new LongAdder();

	private final LongAdder stale = new LongAdder();

	private final LongAdder other = new LongAdder();

	private final AtomicLong oldestStale = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	ActiveUsers(IndexClient client, List<String> userIds, Duration period) {
		for (String userId : userIds) {
			this.threads.add(Thread.startVirtualThread(() -> ask(client, userId, period)));
		}
	}

	private void ask(IndexClient client, String userId, Duration period) {
		long periodNanos = period.toNanos();
		long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(periodNanos);
		while (this.running) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				try {
					Thread.sleep(Duration.ofNanos(wait));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			next += periodNanos;
			IndexClient.Answer answer = client.ask(userId);
			switch (answer.source()) {
				case "OK" -> this.ok.increment();
				case "STALE" -> {
					this.stale.increment();
					this.oldestStale.accumulateAndGet(answer.ageSeconds(), Math::max);
				}
				default -> this.other.increment();
			}
		}
	}

	/** The answers counted so far; the oldest stale answer is since the last tally. */
	Tally tally() {
		return new Tally(this.ok.sum(), this.stale.sum(), this.other.sum(), this.oldestStale.getAndSet(0));
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	/**
	 * Answers by the organizations source's status.
	 *
	 * @param ok fresh
	 * @param stale served old, Auth0 not asked or refused
	 * @param other {@code UNAVAILABLE}, or no answer at all
	 * @param oldestStale the oldest stale answer's age, seconds
	 */
	record Tally(long ok, long stale, long other, long oldestStale) {

		Tally minus(Tally before) {
			return new Tally(this.ok - before.ok, this.stale - before.stale, this.other - before.other,
					this.oldestStale);
		}

		long answers() {
			return this.ok + this.stale + this.other;
		}

		double share(long count) {
			return 100.0 * count / Math.max(1, answers());
		}

	}

}

package dev.memberships.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.upstream.BatchCoalescer.Load;
import dev.memberships.upstream.BatchCoalescer.Policy;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The loads of one batch key: how fast they arrive, and the batch waiting for company.
 *
 * @param <K> the key of one load
 * @param <V> the loaded value
 */
final class BatchLane<K, V> {

	/**
	 * How far back the arrival rate looks, in nanoseconds. Ten milliseconds tell a burst
	 * from steady traffic within a handful of loads; a false alarm (a few loads close
	 * together by chance) costs them the wait for the next load, which finds the rate
	 * fallen back and sends them all.
	 */
	private static final double HORIZON_NANOS = 10_000_000;

	private final Policy policy;

	private final Function<List<Load<K, V>>, Mono<Void>> sender;

	private final Ticker ticker;

	/** Loads a second, an exponentially decaying average. */
	private double rate;

	private long lastArrival;

	private @Nullable List<Load<K, V>> waiting;

	private int inFlight;

	BatchLane(Policy policy, Function<List<Load<K, V>>, Mono<Void>> sender, Ticker ticker) {
		this.policy = policy;
		this.sender = sender;
		this.ticker = ticker;
		this.lastArrival = ticker.read();
	}

	/**
	 * Sends the load at once while the lane is quiet, with the loads waiting before it
	 * when the lane has become quiet again or the batch is full; otherwise leaves it
	 * waiting, at most the window. Quiet: loads arrive slower than {@code eagerBelow} a
	 * second, and fewer than {@code eagerInFlight} of the lane's calls are unanswered.
	 */
	void arrive(Load<K, V> load) {
		@Nullable List<Load<K, V>> ready;
		synchronized (this) {
			ready = admit(load, this.ticker.read());
		}
		send(ready);
	}

	private @Nullable List<Load<K, V>> admit(Load<K, V> load, long now) {
		this.rate = rateAt(now) + 1e9 / HORIZON_NANOS;
		this.lastArrival = now;
		boolean busy = this.rate >= this.policy.eagerBelow() || this.inFlight >= this.policy.eagerInFlight();
		if (this.waiting == null) {
			if (!busy) {
				this.inFlight++;
				return List.of(load);
			}
			List<Load<K, V>> batch = new ArrayList<>();
			this.waiting = batch;
			Schedulers.parallel().schedule(() -> expire(batch), this.policy.window().toNanos(), TimeUnit.NANOSECONDS);
		}
		this.waiting.add(load);
		return (!busy || this.waiting.size() >= this.policy.maxBatch()) ? take() : null;
	}

	private void expire(List<Load<K, V>> batch) {
		synchronized (this) {
			// The batch may have left early, full or with a quieter load.
			if (this.waiting != batch) {
				return;
			}
			take();
		}
		send(batch);
	}

	/**
	 * A call of the lane was answered: a batch that waited only for a free call, not for
	 * company, goes now.
	 */
	private void answered() {
		@Nullable List<Load<K, V>> ready = null;
		synchronized (this) {
			this.inFlight--;
			if (this.waiting != null && rateAt(this.ticker.read()) < this.policy.eagerBelow()) {
				ready = take();
			}
		}
		send(ready);
	}

	private void send(@Nullable List<Load<K, V>> batch) {
		if (batch != null) {
			this.sender.apply(batch).doFinally((signal) -> answered()).subscribe();
		}
	}

	private double rateAt(long now) {
		return this.rate * Math.exp((this.lastArrival - now) / HORIZON_NANOS);
	}

	private List<Load<K, V>> take() {
		// Only a waiting batch is ever taken.
		List<Load<K, V>> batch = Objects.requireNonNull(this.waiting);
		this.waiting = null;
		this.inFlight++;
		return batch;
	}

}

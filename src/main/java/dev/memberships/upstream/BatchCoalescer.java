package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Gathers single-key loads into bulk calls, DataLoader-style, but only when waiting pays.
 * <p>
 * Loads that must share a call (the same batch key, for example one OU) form a lane.
 * While a lane's loads arrive slower than {@code eagerBelow} a second, each goes to the
 * upstream at once, alone: at that rate company is not worth a wait. Faster, a load waits
 * for the next ones, at most {@code window}, and they go as one call of at most
 * {@code maxBatch} keys; the batch leaves early when it is full or when the rate falls
 * back. The same wait holds while {@code eagerInFlight} calls of the lane are unanswered
 * (the upstream or this service is saturated); the batch then goes as soon as one is
 * answered. So a lane makes at most about {@code eagerBelow} calls a second while quiet
 * and about one a {@code window} while busy.
 * <p>
 * A failed call fails every load in it; a key the answer leaves out fails alone.
 *
 * @param <K> the key of one load (for example OU + user)
 * @param <B> what loads must share to travel in one call (for example the OU)
 * @param <V> the loaded value
 */
public final class BatchCoalescer<K, B, V> {

	private final Policy policy;

	private final Function<K, B> batchKey;

	private final BiFunction<B, List<K>, Mono<BatchAnswer<K, V>>> bulkLoader;

	private final Clock clock;

	private final Ticker ticker;

	/** Batch keys can come from callers (the batch endpoint's OU): forget idle ones. */
	private final Cache<B, BatchLane<K, V>> lanes = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(1))
		.build();

	/**
	 * A coalescer whose lanes each gather the loads of one batch key.
	 * @param policy when loads wait for company, and how long
	 * @param batchKey what a key must share with others to join their call
	 * @param bulkLoader loads the keys of one batch; called with distinct keys
	 * @param ticker the time a lane measures its rate by
	 * @param clock the time deadlines are judged by
	 */
	public BatchCoalescer(Policy policy, Function<K, B> batchKey,
			BiFunction<B, List<K>, Mono<BatchAnswer<K, V>>> bulkLoader, Ticker ticker, Clock clock) {
		this.policy = policy;
		this.ticker = ticker;
		this.clock = clock;
		this.batchKey = batchKey;
		this.bulkLoader = bulkLoader;
	}

	/**
	 * Loads one key, with the loads around it when its lane is busy; a caller whose
	 * {@link Deadline} is too close to wait for the window is sent on alone at once.
	 */
	public Mono<V> load(K key) {
		return Mono.deferContextual((context) -> {
			Load<K, V> load = new Load<>(key, new CompletableFuture<>(), context);
			if (Deadline.from(context).filter(this::tooCloseToWait).isPresent()) {
				send(List.of(load));
			}
			else {
				this.lanes
					.get(this.batchKey.apply(key),
							(shared) -> new BatchLane<>(this.policy, this::dispatch, this.ticker))
					.arrive(load);
			}
			// One waiter giving up must not cancel a call others share.
			return Mono.fromFuture(load.result(), true);
		});
	}

	private boolean tooCloseToWait(Deadline deadline) {
		// A wait may take the whole window, and the call needs about as long again.
		return deadline.remaining(this.clock).compareTo(this.policy.window().multipliedBy(2)) < 0;
	}

	private void send(List<Load<K, V>> loads) {
		dispatch(loads).subscribe();
	}

	private Mono<Void> dispatch(List<Load<K, V>> loads) {
		// Nothing a call throws may leave a load waiting.
		return Mono.defer(() -> call(loads)).onErrorResume((error) -> failAll(loads, error));
	}

	private static <K, V> Mono<Void> failAll(List<Load<K, V>> loads, Throwable error) {
		loads.forEach((load) -> load.result().completeExceptionally(error));
		return Mono.empty();
	}

	private Mono<Void> call(List<Load<K, V>> loads) {
		List<K> keys = List.copyOf(new LinkedHashSet<>(loads.stream().map(Load::key).toList()));
		B shared = this.batchKey.apply(keys.get(0));
		// The call runs in the context of the load that may wait longest: its deadline
		// bounds the call, and its trace follows it to the upstream.
		ContextView context = loads.stream()
			.map(Load::context)
			.max(Comparator.comparing((view) -> Deadline.from(view).map(Deadline::instant).orElse(Instant.MAX)))
			.orElseThrow();
		return Mono.defer(() -> this.bulkLoader.apply(shared, keys))
			.contextWrite(context)
			.doOnNext((answer) -> loads.forEach((load) -> answer.complete(load.key(), load.result())))
			.then()
			.onErrorResume((error) -> failAll(loads, error));
	}

	/**
	 * When loads wait for company.
	 *
	 * @param window the most a load waits for company while its lane is busy
	 * @param maxBatch the most keys in one call
	 * @param eagerBelow loads a second under which a lane sends each load at once
	 * @param eagerInFlight unanswered calls of a lane from which its loads wait for
	 * company whatever their rate, so that a lane never fills the upstream's bulkhead
	 * alone
	 */
	public record Policy(Duration window, int maxBatch, int eagerBelow, int eagerInFlight) {
	}

	record Load<K, V>(K key, CompletableFuture<V> result, ContextView context) {
	}

	/**
	 * What one bulk call answered: a value per key it could answer, a failure per key it
	 * could not.
	 *
	 * @param <K> the key
	 * @param <V> the value
	 * @param values the keys answered
	 * @param failures the keys that failed alone, and why
	 */
	public record BatchAnswer<K, V>(Map<K, V> values, Map<K, RuntimeException> failures) {

		public static <K, V> BatchAnswer<K, V> of(Map<K, V> values) {
			return new BatchAnswer<>(values, Map.of());
		}

		void complete(K key, CompletableFuture<V> result) {
			V value = this.values.get(key);
			if (value != null) {
				result.complete(value);
				return;
			}
			RuntimeException failure = this.failures.get(key);
			result.completeExceptionally((failure != null) ? failure
					: new IllegalStateException("The bulk answer left out a key it was asked for"));
		}

	}

}

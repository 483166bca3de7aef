package com.example.memberships.upstream;

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

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Gathers single-key loads into bulk calls, DataLoader-style: loads for the same batch
 * key (for example one OU) that arrive within {@code window} of the first go to the
 * upstream together, at most {@code maxBatch} keys a call. The window is the most a load
 * waits.
 * <p>
 * A failed call fails every load in it; a key the answer leaves out fails alone.
 *
 * @param <K> the key of one load (for example OU + user)
 * @param <B> what loads must share to travel in one call (for example the OU)
 * @param <V> the loaded value
 */
public final class BatchCoalescer<K, B, V> implements AutoCloseable {

	private final BiFunction<B, List<K>, Mono<BatchAnswer<K, V>>> bulkLoader;

	private final Function<K, B> batchKey;

	private final Duration urgentBelow;

	private final Clock clock = Clock.systemUTC();

	private volatile FluxSink<Load<K, V>> sink;

	private final Disposable pipeline;

	/**
	 * @param window how long the first load of a batch waits for company
	 * @param maxBatch the most keys in one call
	 * @param batchKey what a key must share with others to join their call
	 * @param bulkLoader loads the keys of one batch; called with distinct keys
	 */
	public BatchCoalescer(Duration window, int maxBatch, Function<K, B> batchKey,
			BiFunction<B, List<K>, Mono<BatchAnswer<K, V>>> bulkLoader) {
		this.batchKey = batchKey;
		this.bulkLoader = bulkLoader;
		// Below a few windows' worth of time a wait would eat what the call needs.
		this.urgentBelow = window.multipliedBy(4);
		this.pipeline = Flux.<Load<K, V>>create((created) -> this.sink = created)
			.groupBy((load) -> batchKey.apply(load.key()))
			.flatMap((group) -> group.bufferTimeout(maxBatch, window), Integer.MAX_VALUE)
			// Nothing a call throws may end the pipeline: later loads would hang.
			.flatMap((loads) -> Mono.defer(() -> call(loads)).onErrorResume((error) -> failAll(loads, error)),
					Integer.MAX_VALUE)
			.subscribe();
	}

	/**
	 * Loads one key with whatever else arrives in the same window; a caller whose
	 * {@link Deadline} is too close to wait for the window is sent on alone at once.
	 */
	public Mono<V> load(K key) {
		return Mono.deferContextual((context) -> {
			if (Deadline.from(context).filter(this::tooCloseToWait).isPresent()) {
				return alone(key);
			}
			CompletableFuture<V> result = new CompletableFuture<>();
			this.sink.next(new Load<>(key, result, context));
			// One waiter giving up must not cancel a call others share.
			return Mono.fromFuture(result, true);
		});
	}

	private boolean tooCloseToWait(Deadline deadline) {
		return deadline.remaining(this.clock).compareTo(this.urgentBelow) < 0;
	}

	private Mono<V> alone(K key) {
		return Mono.deferContextual((context) -> {
			CompletableFuture<V> result = new CompletableFuture<>();
			return call(List.of(new Load<>(key, result, context))).then(Mono.fromFuture(result, true));
		});
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
			.onErrorResume((error) -> {
				loads.forEach((load) -> load.result().completeExceptionally(error));
				return Mono.empty();
			})
			.then();
	}

	@Override
	public void close() {
		this.pipeline.dispose();
	}

	private record Load<K, V>(K key, CompletableFuture<V> result, ContextView context) {
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

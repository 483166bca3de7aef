package dev.memberships.membership.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Loads a {@link SourceCache}'s entries through the shared level, stamped with the age
 * they arrive with.
 */
final class SharedLevelLoader<K, V> implements AsyncCacheLoader<K, Stamped<V>> {

	private final Function<K, Mono<V>> upstream;

	private final SharedLevel.Source<K, V> shared;

	private final EntryAges<K, V> ages;

	SharedLevelLoader(Function<K, Mono<V>> upstream, SharedLevel.Source<K, V> shared, EntryAges<K, V> ages) {
		this.upstream = upstream;
		this.shared = shared;
		this.ages = ages;
	}

	@Override
	public CompletableFuture<Stamped<V>> asyncLoad(K key, Executor executor) {
		return stamped(this.shared.load(key, Optional.empty(), this.upstream.apply(key)));
	}

	@Override
	public CompletableFuture<Stamped<V>> asyncReload(K key, Stamped<V> old, Executor executor) {
		return stamped(this.shared.load(key, Optional.of(this.ages.age(old)), this.upstream.apply(key)));
	}

	/**
	 * Loads one key in a caller's context, for example its deadline.
	 * @param bypassFresh whether the caller sent {@code Cache-Control: no-cache}
	 */
	CompletableFuture<Stamped<V>> load(K key, boolean bypassFresh, ContextView context) {
		// No-cache takes nothing from the shared level either: only an answer younger
		// than zero, none.
		Optional<Duration> knownAge = bypassFresh ? Optional.of(Duration.ZERO) : Optional.empty();
		return stamped(this.shared.load(key, knownAge, this.upstream.apply(key)).contextWrite(context));
	}

	/** Loads many keys at once in a caller's context. */
	CompletableFuture<Map<K, Stamped<V>>> loadAll(Set<? extends K> keys, Function<List<K>, Mono<Map<K, V>>> bulkLoader,
			ContextView context) {
		return future(this.shared.loadAll(List.copyOf(keys), bulkLoader)
			.contextWrite(context)
			.map((values) -> values.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> this.ages.stamp(entry.getValue())))));
	}

	private CompletableFuture<Stamped<V>> stamped(Mono<SharedLevel.Loaded<V>> load) {
		return future(load.map(this.ages::stamp));
	}

	// Reactor types toFuture()'s value nullable, for an empty Mono; here an empty Mono
	// fails instead, so the value is never null.
	@SuppressWarnings("NullAway")
	private static <T> CompletableFuture<T> future(Mono<T> load) {
		return load.switchIfEmpty(Mono.error(SharedLevelLoader::answeredNothing)).toFuture();
	}

	/** A load that completed without a value: a client bug, reported as unreadable. */
	static UpstreamException answeredNothing() {
		return new UpstreamException("cache", FailureReason.BAD_RESPONSE);
	}

}

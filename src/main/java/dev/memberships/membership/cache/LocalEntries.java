package dev.memberships.membership.cache;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;

/**
 * A {@link SourceCache}'s own level: the Caffeine cache of this instance's stamped
 * entries, aged by {@link EntryAges}, loaded through the shared level, and what changes
 * them without a load.
 */
final class LocalEntries<K, V> {

	private final AsyncLoadingCache<K, Stamped<V>> cache;

	// Caffeine's own counter, kept so that an answer served by freshNow counts as a hit.
	private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();

	LocalEntries(CachePolicy policy, Ticker ticker, EntryAges<K, V> ages, SharedLevelLoader<K, V> loader,
			BiConsumer<K, V> removed) {
		this.cache = Caffeine.newBuilder()
			.removalListener(Stamped.unwrapping(removed))
			.ticker(ticker)
			.maximumSize(policy.maximumSize())
			.refreshAfterWrite(policy.refreshAfter())
			.expireAfter(ages.expiry())
			.recordStats(() -> this.stats)
			.buildAsync(loader);
	}

	AsyncLoadingCache<K, Stamped<V>> caffeine() {
		return this.cache;
	}

	void countHit() {
		this.stats.recordHits(1);
	}

	void evict(K key) {
		this.cache.asMap().remove(key);
	}

	void markStale(K key) {
		this.cache.asMap().computeIfPresent(key, (same, current) -> {
			Stamped<V> loaded = (current.isDone() && !current.isCompletedExceptionally()) ? current.join() : null;
			return (loaded != null) ? CompletableFuture.completedFuture(loaded.asStale()) : null;
		});
	}

	boolean mayHold(K key, Predicate<V> test) {
		CompletableFuture<Stamped<V>> current = this.cache.getIfPresent(key);
		if (current == null || current.isCompletedExceptionally()) {
			return false;
		}
		Stamped<V> loaded = current.getNow(null);
		return loaded == null || test.test(loaded.value());
	}

	void evictIf(Predicate<K> predicate) {
		this.cache.asMap().keySet().removeIf(predicate);
	}

}

package dev.memberships.membership.cache;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import reactor.core.publisher.Mono;

/**
 * How a {@link SourceCache} answers a read: fresh from its entry, or after a load shared
 * with the other callers, or stale when the upstream fails.
 */
final class CacheReads<K, V> {

	private final AsyncLoadingCache<K, Stamped<V>> cache;

	private final EntryAges<K, V> ages;

	private final SharedLevelLoader<K, V> loader;

	private final Clock clock;

	CacheReads(AsyncLoadingCache<K, Stamped<V>> cache, EntryAges<K, V> ages, SharedLevelLoader<K, V> loader,
			Clock clock) {
		this.cache = cache;
		this.ages = ages;
		this.loader = loader;
		this.clock = clock;
	}

	/** See {@link SourceCache#get}. */
	Mono<SourceResult<V>> get(K key, boolean bypassFresh) {
		return Mono.deferContextual((context) -> {
			CallerWait wait = CallerWait.of(context, this.clock);
			// Loads on a miss (shared by concurrent callers) and starts the refresh-ahead
			// of an entry past refreshAfter. A load started here runs in this caller's
			// context, so it knows the caller's deadline.
			BiFunction<K, Executor, CompletableFuture<Stamped<V>>> load = (missing, executor) -> this.loader
				.load(missing, bypassFresh, context);
			CompletableFuture<Stamped<V>> current = this.cache.get(key, load);
			Stamped<V> cached = (current.isDone() && !current.isCompletedExceptionally()) ? current.join() : null;
			if (cached == null) {
				// A bulk load that left this key out completes it empty: load it alone.
				return wait.on(current).switchIfEmpty(Mono.defer(() -> {
					this.cache.asMap().remove(key, current);
					return wait.on(this.cache.get(key, load));
				}))
					.switchIfEmpty(Mono.error(SharedLevelLoader::answeredNothing))
					// The shared level may answer with an entry past its ttl.
					.flatMap((loaded) -> this.ages.isFresh(loaded) ? Mono.just(this.ages.fresh(loaded))
							: refreshed(key, loaded, wait));
			}
			if (!bypassFresh && this.ages.isFresh(cached)) {
				if (this.ages.isInheritedPastRefresh(cached)) {
					this.cache.synchronous().refresh(key);
				}
				return Mono.just(this.ages.fresh(cached));
			}
			return refreshed(key, cached, wait);
		});
	}

	/** See {@link SourceCache#freshNow}. */
	Optional<Stamped<V>> freshNow(K key) {
		CompletableFuture<Stamped<V>> current = this.cache.asMap().get(key);
		if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
			return Optional.empty();
		}
		Stamped<V> cached = current.join();
		if (cached == null || !this.ages.isFresh(cached) || this.ages.isInheritedPastRefresh(cached)) {
			return Optional.empty();
		}
		return Optional.of(cached);
	}

	/** Asks the upstream again, and serves the cached answer as stale if that fails. */
	private Mono<SourceResult<V>> refreshed(K key, Stamped<V> cached, CallerWait wait) {
		return wait.on(this.cache.synchronous().refresh(key)).map(this.ages::fresh).onErrorResume((error) -> {
			if (SourceCache.isNotFound(error)) {
				// An answer, not a failure: the old value is wrong now.
				this.cache.synchronous().invalidate(key);
				return Mono.error(error);
			}
			return Mono.just(this.ages.stale(cached));
		});
	}

}

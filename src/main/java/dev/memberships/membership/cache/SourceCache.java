package dev.memberships.membership.cache;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The last good answer of one source per key, so that a few upstream requests a second
 * can serve many callers.
 * <ul>
 * <li>Single-flight: concurrent misses for a key make one upstream call.</li>
 * <li>Fresh for {@code ttl}; past {@code refreshAfter} a read is served at once and
 * refreshes the entry in the background, once per key.</li>
 * <li>Past {@code ttl} the upstream is asked again; if it fails, the old value is served
 * as stale until {@code maxStale}. A failed load neither enters the cache nor evicts the
 * old value.</li>
 * <li>Loads go through a {@link SharedLevel.Source}, which may answer with an entry
 * another instance loaded earlier; its age counts as if this cache had loaded it, so
 * every instance applies the same freshness, refresh-ahead and stale rules.</li>
 * </ul>
 */
public final class SourceCache<K, V> {

	private final AsyncLoadingCache<K, Stamped<V>> cache;

	private final EntryAges<K, V> ages;

	private final Clock clock;

	private final SharedLevelLoader<K, V> loader;

	// Caffeine's own counter, kept so that an answer served by freshNow counts as a hit.
	private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();

	/** For a cache whose removals nothing needs to know of. */
	public static <K, V> BiConsumer<K, V> ignoreRemovals() {
		return (key, value) -> {
		};
	}

	/**
	 * A cache whose loads go through a shared level, and that says when a value leaves
	 * it.
	 * @param shared the level every instance shares, between this cache and the upstream
	 * @param removed told of every value that left the cache, whatever the cause
	 * (evicted, expired, invalidated, replaced by a refresh), after it left; on
	 * Caffeine's executor, so not at once
	 */
	public SourceCache(CachePolicy policy, Ticker ticker, Clock clock, Function<K, Mono<V>> loader,
			SharedLevel.Source<K, V> shared, BiConsumer<K, V> removed) {
		this.ages = new EntryAges<>(policy, ticker);
		this.clock = clock;
		this.loader = new SharedLevelLoader<>(loader, shared, this.ages);
		this.cache = Caffeine.newBuilder()
			.removalListener(Stamped.unwrapping(removed))
			.ticker(ticker)
			.maximumSize(policy.maximumSize())
			.refreshAfterWrite(policy.refreshAfter())
			.expireAfter(this.ages.expiry())
			.recordStats(() -> this.stats)
			.buildAsync(this.loader);
	}

	/**
	 * The value for a key as a source result.
	 * @param key what to look up
	 * @param bypassFresh ask the upstream even when a fresh value is cached (the caller
	 * sent {@code Cache-Control: no-cache}); still single-flight, and stale rules apply
	 * when the upstream fails
	 * @return the result; when the {@link Deadline} in the subscriber's context comes
	 * before the upstream's answer, stale or failed with {@code TIMEOUT}
	 */
	public Mono<SourceResult<V>> get(K key, boolean bypassFresh) {
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

	/**
	 * The entry for a key when it is loaded and fresh, without waiting and without
	 * Reactor: the cached answer's fast path. Empty when {@link #get} has more to do (a
	 * miss, a load under way, an entry past its ttl, or one inherited past refreshAfter).
	 * Reading starts Caffeine's refresh-ahead as {@link #get} does; it counts no hit
	 * until {@link #countHit}, so that a caller falling back to {@link #get} counts once.
	 */
	public Optional<Stamped<V>> freshNow(K key) {
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

	/** Counts a read answered from {@link #freshNow} as a cache hit. */
	public void countHit() {
		this.stats.recordHits(1);
	}

	/** A fresh entry as a source result. */
	public SourceResult<V> fresh(Stamped<V> stamped) {
		return this.ages.fresh(stamped);
	}

	/** Asks the upstream again, and serves the cached answer as stale if that fails. */
	private Mono<SourceResult<V>> refreshed(K key, Stamped<V> cached, CallerWait wait) {
		return wait.on(this.cache.synchronous().refresh(key)).map(this.ages::fresh).onErrorResume((error) -> {
			if (isNotFound(error)) {
				// An answer, not a failure: the old value is wrong now.
				this.cache.synchronous().invalidate(key);
				return Mono.error(error);
			}
			return Mono.just(this.ages.stale(cached));
		});
	}

	/**
	 * Starts loading, in bulk, the keys not cached yet; later {@link #get} calls join
	 * these loads. A key the bulk answer leaves out is loaded alone when asked for.
	 * @param keys the keys about to be asked for
	 * @param bulkLoader loads many keys at once
	 * @param context the caller's context, for example its deadline
	 */
	public void prefetch(Collection<K> keys, Function<List<K>, Mono<Map<K, V>>> bulkLoader, ContextView context) {
		this.cache.getAll(keys, (missing, executor) -> this.loader.loadAll(missing, bulkLoader, context));
	}

	/** Forgets one key, a load under way included. */
	public void evict(K key) {
		this.cache.asMap().remove(key);
	}

	/**
	 * Makes the value cached for a key stale without forgetting it: the next read asks
	 * the upstream, and serves this value as stale if that fails. Its age, and so its
	 * max-stale, stay. A load under way is forgotten instead, since it may have begun
	 * before the change.
	 */
	public void markStale(K key) {
		this.cache.asMap().computeIfPresent(key, (same, current) -> {
			Stamped<V> loaded = (current.isDone() && !current.isCompletedExceptionally()) ? current.join() : null;
			return (loaded != null) ? CompletableFuture.completedFuture(loaded.asStale()) : null;
		});
	}

	/**
	 * Whether the value cached for a key passes the test; {@code true} while it is
	 * loading, since the load may bring such a value.
	 */
	public boolean mayHold(K key, Predicate<V> test) {
		CompletableFuture<Stamped<V>> current = this.cache.getIfPresent(key);
		if (current == null || current.isCompletedExceptionally()) {
			return false;
		}
		Stamped<V> loaded = current.getNow(null);
		return loaded == null || test.test(loaded.value());
	}

	/** Forgets every key the predicate matches, loads under way included. */
	public void evictIf(Predicate<K> predicate) {
		this.cache.asMap().keySet().removeIf(predicate);
	}

	public AsyncLoadingCache<K, Stamped<V>> caffeine() {
		return this.cache;
	}

	/** Whether a failure is an upstream's answer that the key does not exist. */
	public static boolean isNotFound(Throwable error) {
		return error instanceof UpstreamException failure && failure.reason() == FailureReason.NOT_FOUND;
	}

}

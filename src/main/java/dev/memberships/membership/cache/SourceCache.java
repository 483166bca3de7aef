package dev.memberships.membership.cache;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
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

	private final EntryAges<K, V> ages;

	private final SharedLevelLoader<K, V> loader;

	private final LocalEntries<K, V> entries;

	private final CacheReads<K, V> reads;

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
		this.loader = new SharedLevelLoader<>(loader, shared, this.ages);
		this.entries = new LocalEntries<>(policy, ticker, this.ages, this.loader, removed);
		this.reads = new CacheReads<>(this.entries.caffeine(), this.ages, this.loader, clock);
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
		return this.reads.get(key, bypassFresh);
	}

	/**
	 * The entry for a key when it is loaded and fresh, without waiting and without
	 * Reactor: the cached answer's fast path. Empty when {@link #get} has more to do (a
	 * miss, a load under way, an entry past its ttl, or one inherited past refreshAfter).
	 * Reading starts Caffeine's refresh-ahead as {@link #get} does; it counts no hit
	 * until {@link #countHit}, so that a caller falling back to {@link #get} counts once.
	 */
	public Optional<Stamped<V>> freshNow(K key) {
		return this.reads.freshNow(key);
	}

	/** Counts a read answered from {@link #freshNow} as a cache hit. */
	public void countHit() {
		this.entries.countHit();
	}

	/** A fresh entry as a source result. */
	public SourceResult<V> fresh(Stamped<V> stamped) {
		return this.ages.fresh(stamped);
	}

	/**
	 * Starts loading, in bulk, the keys not cached yet; later {@link #get} calls join
	 * these loads. A key the bulk answer leaves out is loaded alone when asked for.
	 * @param keys the keys about to be asked for
	 * @param bulkLoader loads many keys at once
	 * @param context the caller's context, for example its deadline
	 */
	public void prefetch(Collection<K> keys, Function<List<K>, Mono<Map<K, V>>> bulkLoader, ContextView context) {
		this.entries.caffeine().getAll(keys, (missing, executor) -> this.loader.loadAll(missing, bulkLoader, context));
	}

	/** Forgets one key, a load under way included. */
	public void evict(K key) {
		this.entries.evict(key);
	}

	/**
	 * Makes the value cached for a key stale without forgetting it: the next read asks
	 * the upstream, and serves this value as stale if that fails. Its age, and so its
	 * max-stale, stay. A load under way is forgotten instead, since it may have begun
	 * before the change.
	 */
	public void markStale(K key) {
		this.entries.markStale(key);
	}

	/**
	 * Whether the value cached for a key passes the test; {@code true} while it is
	 * loading, since the load may bring such a value.
	 */
	public boolean mayHold(K key, Predicate<V> test) {
		return this.entries.mayHold(key, test);
	}

	/** Forgets every key the predicate matches, loads under way included. */
	public void evictIf(Predicate<K> predicate) {
		this.entries.evictIf(predicate);
	}

	public AsyncLoadingCache<K, Stamped<V>> caffeine() {
		return this.entries.caffeine();
	}

	/** Whether a failure is an upstream's answer that the key does not exist. */
	public static boolean isNotFound(Throwable error) {
		return error instanceof UpstreamException failure && failure.reason() == FailureReason.NOT_FOUND;
	}

}

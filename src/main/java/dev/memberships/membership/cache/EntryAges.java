package dev.memberships.membership.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The age rules of a {@link SourceCache}'s entries: how old an entry is by the cache's
 * ticker, and what that age makes it (fresh, due for refresh, stale, expired). An entry
 * from the shared level arrives already aged, and its age counts as if this cache had
 * loaded it.
 */
final class EntryAges<K, V> {

	private final CachePolicy policy;

	private final Ticker ticker;

	EntryAges(CachePolicy policy, Ticker ticker) {
		this.policy = policy;
		this.ticker = ticker;
	}

	/** Stamps a loaded answer as loaded as long ago as its age says. */
	Stamped<V> stamp(SharedLevel.Loaded<V> loaded) {
		return new Stamped<>(loaded.value(), this.ticker.read() - loaded.age().toNanos(), loaded.age().isPositive());
	}

	Duration age(Stamped<V> stamped) {
		return Duration.ofNanos(this.ticker.read() - stamped.loadedAt());
	}

	/** Whether an entry is younger than the ttl and was not marked stale. */
	boolean isFresh(Stamped<V> stamped) {
		return !stamped.markedStale() && age(stamped).compareTo(this.policy.ttl()) < 0;
	}

	/**
	 * Whether an entry came from the shared level already past refreshAfter: Caffeine
	 * refreshes after refreshAfter in this cache, so it would not refresh this one in
	 * time.
	 */
	boolean isInheritedPastRefresh(Stamped<V> stamped) {
		return stamped.inherited() && age(stamped).compareTo(this.policy.refreshAfter()) >= 0;
	}

	/**
	 * Expires an entry at maxStale by its age, which an entry of the shared level brings
	 * along.
	 */
	Expiry<K, Stamped<V>> expiry() {
		return Expiry.writing((key, stamped) -> max(this.policy.maxStale().minus(age(stamped))));
	}

	SourceResult<V> fresh(Stamped<V> stamped) {
		return SourceResult.fresh(stamped.value(), this.policy.ttl().minus(age(stamped)));
	}

	SourceResult<V> stale(Stamped<V> stamped) {
		return SourceResult.stale(stamped.value(), age(stamped).toSeconds());
	}

	private static Duration max(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}

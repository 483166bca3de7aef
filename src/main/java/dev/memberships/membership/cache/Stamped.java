package dev.memberships.membership.cache;

import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.RemovalListener;

/**
 * A value cached by a {@link SourceCache} and when it was loaded, by the cache's ticker.
 *
 * @param value the value
 * @param loadedAt when it was loaded, perhaps by another instance
 * @param inherited whether it came from the shared level already aged
 * @param markedStale whether a change event made it stale before its ttl: the next read
 * asks the upstream, and serves it stale if that fails
 */
public record Stamped<V>(V value, long loadedAt, boolean inherited, boolean markedStale) {

	public Stamped(V value, long loadedAt, boolean inherited) {
		this(value, loadedAt, inherited, false);
	}

	/** The same value and age, stale from now on. */
	Stamped<V> asStale() {
		return new Stamped<>(this.value, this.loadedAt, this.inherited, true);
	}

	/**
	 * Tells {@code removed} of the value of every entry that leaves a cache, whatever the
	 * cause.
	 */
	static <K, V> RemovalListener<K, Stamped<V>> unwrapping(BiConsumer<K, V> removed) {
		return (key, stamped, cause) -> {
			if (key != null && stamped != null) {
				removed.accept(key, stamped.value());
			}
		};
	}

}

package dev.memberships.membership;

import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.RemovalListener;

/**
 * A value cached by a {@link SourceCache} and when it was loaded, by the cache's ticker.
 *
 * @param value the value
 * @param loadedAt when it was loaded, perhaps by another instance
 * @param inherited whether it came from the shared level already aged
 */
record Stamped<V>(V value, long loadedAt, boolean inherited) {

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

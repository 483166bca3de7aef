package dev.memberships.membership.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

/**
 * A cache level every instance of the service shares, between each instance's own caches
 * and the upstreams. {@link #LOCAL} is none: every load goes to the upstream.
 */
public interface SharedLevel {

	/** No shared level: every load asks the upstream. */
	SharedLevel LOCAL = new SharedLevel() {

		@Override
		public <K, V> Source<K, V> source(SourceName<K> name, CachePolicy policy, Class<?> elementType) {
			return Source.upstreamOnly();
		}

	};

	/**
	 * The shared level of one source.
	 * @param name the source's name and how its keys are written
	 * @param policy the source's policy: entries live as long as its max-stale
	 * @param elementType the type of the elements of the source's lists
	 */
	<K, V> Source<K, V> source(SourceName<K> name, CachePolicy policy, Class<?> elementType);

	/**
	 * The source's name in keys, and how a key of it is written and names its user.
	 *
	 * @param name the source's name
	 * @param keyParts a key's parts, its user id first
	 */
	record SourceName<K>(String name, Function<K, List<String>> keyParts) {
	}

	/** One source's entries in the shared level. */
	interface Source<K, V> {

		/**
		 * Loads one key: from the shared level when it holds an answer younger than the
		 * one this instance has, else from the upstream, once for every instance at a
		 * time when possible. Never fails because of the shared level.
		 * @param key the key
		 * @param knownAge the age of this instance's answer, empty when it has none; an
		 * entry of the shared level is taken only when younger
		 * @param upstream the upstream's answer, cold
		 * @return the answer and its age
		 */
		Mono<Loaded<V>> load(K key, Optional<Duration> knownAge, Mono<V> upstream);

		/**
		 * Loads many keys: those the shared level holds from there, the others in bulk
		 * from the upstream.
		 */
		Mono<Map<K, Loaded<V>>> loadAll(List<K> keys, Function<List<K>, Mono<Map<K, V>>> bulk);

		/** No shared entries: every load asks the upstream. */
		static <K, V> Source<K, V> upstreamOnly() {
			return new Source<>() {

				@Override
				public Mono<Loaded<V>> load(K key, Optional<Duration> knownAge, Mono<V> upstream) {
					return upstream.map(Loaded::new);
				}

				@Override
				public Mono<Map<K, Loaded<V>>> loadAll(List<K> keys, Function<List<K>, Mono<Map<K, V>>> bulk) {
					return bulk.apply(keys)
						.map((values) -> values.entrySet()
							.stream()
							.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> new Loaded<>(entry.getValue()))));
				}

			};
		}

	}

	/**
	 * An answer and how old it is, by the wall clock of the instance that loaded it.
	 *
	 * @param value the answer
	 * @param age its age, zero when it was just loaded from the upstream
	 */
	record Loaded<V>(V value, Duration age) {

		public Loaded(V value) {
			this(value, Duration.ZERO);
		}

	}

}

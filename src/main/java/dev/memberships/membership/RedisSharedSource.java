package dev.memberships.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.memberships.redis.RedisCalls;
import dev.memberships.redis.RedisLevelProperties;
import dev.memberships.upstream.Deadline;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One source's entries in Redis, and the cluster-wide single-flight of its loads: the
 * instance that takes a key's lease ({@code SET NX PX}) asks the upstream and writes the
 * answer; the others look for that answer until it appears, the lease is gone (then one
 * of them takes it) or their deadline comes (then they ask the upstream themselves). A
 * lease never fails an answer, and neither does Redis: without it every load asks the
 * upstream, as with no shared level.
 */
final class RedisSharedSource<K, V> implements SharedLevel.Source<K, V> {

	/**
	 * Writes an entry and lists it in its user's index. KEYS: entry, user index; ARGV:
	 * value, time to live in ms.
	 */
	private static final RedisScript<Long> WRITE = RedisScript.of("""
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('SADD', KEYS[2], KEYS[1])
			if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
			return 1
			""", Long.class);

	/** Gives a lease back only if it is still ours. KEYS: lease; ARGV: our token. */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final SharedLevel.SourceName<K> name;

	private final CachePolicy policy;

	private final RedisEntries<V> entries;

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final RedisKeys keys;

	private final RedisLevelProperties properties;

	private final Clock clock;

	RedisSharedSource(SharedLevel.SourceName<K> name, CachePolicy policy, RedisEntries<V> entries,
			ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys, RedisLevelProperties properties,
			Clock clock) {
		this.name = name;
		this.policy = policy;
		this.entries = entries;
		this.redis = redis;
		this.calls = calls;
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<SharedLevel.Loaded<V>> load(K key, Optional<Duration> knownAge, Mono<V> upstream) {
		List<String> parts = this.name.keyParts().apply(key);
		String entry = this.keys.entry(this.name.name(), parts);
		return read(entry).filter((loaded) -> newer(loaded, knownAge, Duration.ZERO))
			.switchIfEmpty(Mono.defer(() -> leased(parts, entry, knownAge, upstream)));
	}

	@Override
	public Mono<Map<K, SharedLevel.Loaded<V>>> loadAll(List<K> keys, Function<List<K>, Mono<Map<K, V>>> bulk) {
		List<String> entryKeys = keys.stream()
			.map((key) -> this.keys.entry(this.name.name(), this.name.keyParts().apply(key)))
			.toList();
		return this.calls.call("mget", this.redis.opsForValue().multiGet(entryKeys))
			.defaultIfEmpty(List.of())
			.flatMap((texts) -> {
				Map<K, SharedLevel.Loaded<V>> found = new HashMap<>();
				List<K> missing = new ArrayList<>();
				for (int i = 0; i < keys.size(); i++) {
					SharedLevel.Loaded<V> loaded = (i < texts.size() && texts.get(i) != null)
							? this.entries.read(texts.get(i)) : null;
					if (loaded != null) {
						found.put(keys.get(i), loaded);
					}
					else {
						missing.add(keys.get(i));
					}
				}
				if (missing.isEmpty()) {
					return Mono.just(found);
				}
				return bulk.apply(missing)
					.flatMap((values) -> Flux.fromIterable(values.entrySet())
						.flatMap((loaded) -> write(this.name.keyParts().apply(loaded.getKey()), loaded.getValue()))
						.then(Mono.fromSupplier(() -> {
							values.forEach((key, value) -> found.put(key, new SharedLevel.Loaded<>(value)));
							return found;
						})));
			});
	}

	/**
	 * Whether an entry of the shared level may stand for this instance's answer: any
	 * entry when it has none; else one younger than its own that needs no refresh yet, or
	 * one loaded since this instance began to wait.
	 */
	private boolean newer(SharedLevel.Loaded<V> loaded, Optional<Duration> knownAge, Duration waited) {
		if (knownAge.isEmpty() || loaded.age().compareTo(waited) <= 0) {
			return true;
		}
		return loaded.age().compareTo(knownAge.get()) < 0 && loaded.age().compareTo(this.policy.refreshAfter()) < 0;
	}

	private Mono<SharedLevel.Loaded<V>> read(String entry) {
		return this.calls.call("get", this.redis.opsForValue().get(entry)).mapNotNull(this.entries::read);
	}

	private Mono<SharedLevel.Loaded<V>> leased(List<String> parts, String entry, Optional<Duration> knownAge,
			Mono<V> upstream) {
		String lease = this.keys.lease(entry);
		String token = UUID.randomUUID().toString();
		return takeLease(lease, token).flatMap((taken) -> taken ? loadAndWrite(parts, lease, token, upstream)
				: awaitOther(parts, entry, lease, token, knownAge, upstream));
	}

	/** Whether this instance holds the lease now; true when Redis does not answer. */
	private Mono<Boolean> takeLease(String lease, String token) {
		return this.calls.call("lease", this.redis.opsForValue().setIfAbsent(lease, token, this.properties.lease()))
			.defaultIfEmpty(true);
	}

	private Mono<SharedLevel.Loaded<V>> loadAndWrite(List<String> parts, String lease, String token, Mono<V> upstream) {
		return upstream.flatMap((value) -> write(parts, value).thenReturn(new SharedLevel.Loaded<>(value)))
			.doFinally((signal) -> release(lease, token));
	}

	private void release(String lease, String token) {
		this.calls.call("release", this.redis.execute(RELEASE, List.of(lease), List.of(token)).next()).subscribe();
	}

	/**
	 * Looks for the lease holder's answer every poll interval; takes the lease when it is
	 * gone; asks the upstream itself when the deadline (or, without one, twice the lease)
	 * comes first.
	 */
	private Mono<SharedLevel.Loaded<V>> awaitOther(List<String> parts, String entry, String lease, String token,
			Optional<Duration> knownAge, Mono<V> upstream) {
		return Mono.deferContextual((context) -> {
			long started = this.clock.millis();
			Duration bound = Deadline.from(context)
				.map((deadline) -> deadline.remaining(this.clock))
				.orElse(this.properties.lease().multipliedBy(2));
			// A look that takes longer than the interval skips the ticks it missed.
			Mono<SharedLevel.Loaded<V>> wait = Flux.interval(this.properties.leasePoll())
				.onBackpressureDrop()
				.concatMap((tick) -> {
					Mono<Attempt<V>> answered = Mono.defer(() -> read(entry)
						.filter((loaded) -> newer(loaded, knownAge, Duration.ofMillis(this.clock.millis() - started)))
						.map(Attempt::answered));
					// The holder writes, then gives the lease back: a lease taken after
					// the first look may follow an answer, so look again.
					return answered.switchIfEmpty(Mono.defer(() -> takeLease(lease, token).flatMap((taken) -> taken
							? answered.doOnNext((attempt) -> release(lease, token)).defaultIfEmpty(Attempt.leased())
							: Mono.empty())));
				}, 1)
				.next()
				.flatMap((attempt) -> (attempt.loaded() != null) ? Mono.just(attempt.loaded())
						: loadAndWrite(parts, lease, token, upstream));
			return wait.timeout(bound, Mono.defer(() -> loadAndWrite(parts, lease, token, upstream)));
		});
	}

	private Mono<Long> write(List<String> parts, V value) {
		String entry = this.keys.entry(this.name.name(), parts);
		return this.calls.call("put",
				this.redis
					.execute(WRITE, List.of(entry, this.keys.userIndex(parts.getFirst())),
							List.of(this.entries.write(value), Long.toString(this.policy.maxStale().toMillis())))
					.next());
	}

	/** What one look at Redis found: the answer, or the lease. */
	private record Attempt<V>(SharedLevel.@Nullable Loaded<V> loaded) {

		static <V> Attempt<V> answered(SharedLevel.Loaded<V> loaded) {
			return new Attempt<>(loaded);
		}

		static <V> Attempt<V> leased() {
			return new Attempt<>(null);
		}

	}

}

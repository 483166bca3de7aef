package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.memberships.membership.cache.CachePolicy;
import dev.memberships.membership.cache.SharedLevel;
import dev.memberships.upstream.Deadline;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One source's entries in Redis, and the cluster-wide single-flight of its loads: the
 * instance that takes a key's lease ({@link RedisLease}) asks the upstream and writes the
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
	static final RedisScript<Long> WRITE = RedisScript.of("""
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('SADD', KEYS[2], KEYS[1])
			if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
			return 1
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
		RedisLease lease = new RedisLease(this.redis, this.calls, this.keys.lease(entry), this.properties.lease(),
				this.properties.leasePoll());
		return lease.take()
			.flatMap((taken) -> taken ? loadAndWrite(parts, lease, upstream)
					: awaitOther(parts, entry, lease, knownAge, upstream));
	}

	private Mono<SharedLevel.Loaded<V>> loadAndWrite(List<String> parts, RedisLease lease, Mono<V> upstream) {
		return upstream.flatMap((value) -> write(parts, value).thenReturn(new SharedLevel.Loaded<>(value)))
			.doFinally((signal) -> lease.release());
	}

	/**
	 * Waits for the lease holder's answer, or the lease; asks the upstream itself when
	 * the deadline (or, without one, twice the lease) comes first.
	 */
	private Mono<SharedLevel.Loaded<V>> awaitOther(List<String> parts, String entry, RedisLease lease,
			Optional<Duration> knownAge, Mono<V> upstream) {
		return Mono.deferContextual((context) -> {
			long started = this.clock.millis();
			Duration bound = Deadline.from(context)
				.map((deadline) -> deadline.remaining(this.clock))
				.orElse(this.properties.lease().multipliedBy(2));
			Mono<SharedLevel.Loaded<V>> answered = Mono.defer(() -> read(entry)
				.filter((loaded) -> newer(loaded, knownAge, Duration.ofMillis(this.clock.millis() - started))));
			Mono<SharedLevel.Loaded<V>> wait = lease.awaitHolder(answered)
				.flatMap((found) -> found.map(Mono::just).orElseGet(() -> loadAndWrite(parts, lease, upstream)));
			return wait.timeout(bound, Mono.defer(() -> loadAndWrite(parts, lease, upstream)));
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

}

package dev.memberships.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The lease of one entry's load, the cluster-wide single flight: whoever holds it
 * ({@code SET NX PX}) asks the upstream; a holder that dies loses it when it expires, and
 * only the holder gives it back. A lease Redis does not answer for counts as taken, so
 * that Redis never fails an answer.
 */
final class RedisLease {

	/** Gives a lease back only if it is still ours. KEYS: lease; ARGV: our token. */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final String key;

	private final String token = UUID.randomUUID().toString();

	private final Duration duration;

	private final Duration poll;

	/**
	 * A lease, not yet taken.
	 * @param key the lease's key ({@link RedisKeys#lease})
	 * @param duration how long a lease holds when its holder does not give it back
	 * @param poll how often a waiting instance looks for the holder's answer
	 */
	RedisLease(ReactiveStringRedisTemplate redis, RedisCalls calls, String key, Duration duration, Duration poll) {
		this.redis = redis;
		this.calls = calls;
		this.key = key;
		this.duration = duration;
		this.poll = poll;
	}

	/** Whether this instance holds the lease now; true when Redis does not answer. */
	Mono<Boolean> take() {
		return this.calls.call("lease", this.redis.opsForValue().setIfAbsent(this.key, this.token, this.duration))
			.defaultIfEmpty(true);
	}

	/** Gives the lease back if this instance still holds it; never waits. */
	void release() {
		this.calls.call("release", this.redis.execute(RELEASE, List.of(this.key), List.of(this.token)).next())
			.subscribe();
	}

	/**
	 * Waits for the holder: looks for its answer every poll interval, and takes the lease
	 * once it is gone. A look that takes longer than the interval skips the ticks it
	 * missed. The holder writes, then gives the lease back: a lease taken after the first
	 * look may follow an answer, so it looks again.
	 * @param answered the holder's answer, empty while there is none; cold, looked at
	 * again each time
	 * @return the holder's answer, or an empty optional once this instance holds the
	 * lease
	 */
	<T> Mono<Optional<T>> awaitHolder(Mono<T> answered) {
		Mono<Optional<T>> found = answered.map(Optional::of);
		return Flux.interval(this.poll)
			.onBackpressureDrop()
			.concatMap(
					(tick) -> found.switchIfEmpty(Mono.defer(() -> take().flatMap((taken) -> taken
							? found.doOnNext((answer) -> release()).defaultIfEmpty(Optional.empty()) : Mono.empty()))),
					1)
			.next();
	}

}

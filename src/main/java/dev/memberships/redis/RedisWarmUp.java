package dev.memberships.redis;

import dev.memberships.warmup.WarmUpStep;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A new pod's Redis warm-up: Lettuce connects on the first command, so without it the
 * first requests pay the connection and a young JVM's slow first round trips, past
 * {@code memberships.redis.timeout}, and go on without Redis (their own caches, their own
 * gate). Connects, then makes a few round trips (PING, and a read of a key nobody
 * writes), outside {@link RedisCalls} so that a slow one here never marks Redis down.
 */
@Component
@ConditionalOnBooleanProperty(RedisLevelProperties.ENABLED)
class RedisWarmUp implements WarmUpStep {

	private static final int ROUND_TRIPS = 8;

	private final ReactiveStringRedisTemplate redis;

	private final String probeKey;

	RedisWarmUp(ReactiveStringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.probeKey = keys.warmUpProbe();
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Mono<?> run() {
		return this.redis.execute((connection) -> connection.ping())
			.then()
			.thenMany(Flux.range(0, ROUND_TRIPS).concatMap((i) -> this.redis.hasKey(this.probeKey)))
			.then();
	}

}

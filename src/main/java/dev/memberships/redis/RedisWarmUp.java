package dev.memberships.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.memberships.warmup.WarmUpStep;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A new pod's Redis warm-up: Lettuce connects on the first command, so without it the
 * first requests pay the connection and a young JVM's slow first round trips, past
 * {@code memberships.redis.timeout}, and go on without Redis (their own caches, their own
 * gate). Connects, loads the Lua scripts the level runs (SCRIPT LOAD, which on a cluster
 * connection reaches every master: a script's first EVALSHA on a Redis that lost or never
 * had it is answered NOSCRIPT and sent again in full, two round trips where the timeout
 * allows for one), then makes a few round trips (PING, and a read of a key nobody
 * writes), outside {@link RedisCalls} so that a slow one here never marks Redis down.
 */
@Component
@ConditionalOnBooleanProperty(RedisLevelProperties.ENABLED)
class RedisWarmUp implements WarmUpStep {

	private static final int ROUND_TRIPS = 8;

	/** Every script of the level, run with EVALSHA by Spring Data Redis. */
	static final List<RedisScript<Long>> SCRIPTS = List.of(RedisLease.RELEASE, RedisSharedDeletes.EVICT_USER,
			RedisSharedSource.WRITE, RedisTenantGate.PERMIT, RedisTenantGate.CLOSE);

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
			.thenMany(Flux.fromIterable(SCRIPTS).concatMap(this::load))
			.thenMany(Flux.range(0, ROUND_TRIPS).concatMap((i) -> this.redis.hasKey(this.probeKey)))
			.then();
	}

	private Flux<String> load(RedisScript<Long> script) {
		ByteBuffer source = ByteBuffer.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8));
		return this.redis.execute((connection) -> connection.scriptingCommands().scriptLoad(source));
	}

}

package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.memberships.upstream.UpstreamResilienceRegistry;
import dev.memberships.upstream.Upstreams;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The shared level's infrastructure, only with {@code memberships.redis.enabled}: the
 * guard every Redis operation goes through, its health, the Auth0 tenant gate, and a
 * Lettuce client that fails fast while disconnected and reconnects within a second.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(RedisLevelProperties.ENABLED)
@EnableConfigurationProperties(RedisLevelProperties.class)
class RedisLevelConfiguration {

	/** The upstream whose limit belongs to the tenant: Auth0's Management API. */
	private static final String TENANT_UPSTREAM = Upstreams.AUTH0;

	/**
	 * Keys per SCAN and UNLINK of an evict-all: each well under a millisecond of Redis.
	 */
	private static final int SWEEP_BATCH = 500;

	/**
	 * Command timeouts per evict-all batch: on a cluster a batch's UNLINK is one command
	 * per slot, hundreds of them, each bounded by the command timeout.
	 */
	private static final int SWEEP_BATCH_TIMEOUTS = 5;

	/** A quiet connection is probed after this long. */
	private static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(5);

	@Bean
	RedisCalls redisCalls(RedisLevelProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
		return new RedisCalls(properties.timeout(), meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean("redis")
	RedisLevelHealthIndicator redisHealthIndicator(RedisCalls calls, ReactiveStringRedisTemplate redis) {
		return new RedisLevelHealthIndicator(calls, redis);
	}

	@Bean
	RedisPeers redisPeers(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisLevelProperties properties,
			Clock clock) {
		return new RedisPeers(redis, calls, properties.heartbeat(), clock);
	}

	@Bean
	RedisKeys redisKeys(RedisLevelProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	RedisTenantGate auth0TenantGate(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys,
			RedisLevelProperties properties, UpstreamResilienceRegistry upstreams, RedisPeers peers, Clock clock) {
		RedisTenantGate gate = new RedisTenantGate(redis, calls, keys, TENANT_UPSTREAM, properties.auth0Rate(), peers,
				clock);
		upstreams.get(TENANT_UPSTREAM).shareRateLimitWith(gate);
		return gate;
	}

	@Bean
	RedisSweep redisSweep(LettuceConnectionFactory connectionFactory, RedisLevelProperties properties) {
		return new RedisSweep(connectionFactory, SWEEP_BATCH,
				properties.commandTimeout().multipliedBy(SWEEP_BATCH_TIMEOUTS));
	}

	/**
	 * Commands sent while disconnected fail at once instead of waiting for the timeout,
	 * so a Redis outage costs an answer nothing. Answers are handed on off Lettuce's I/O
	 * threads: what follows a Redis answer (an upstream call, a merge) must not hold up
	 * the next answers. A Redis that hangs without closing the connection: TCP keep-alive
	 * finds a peer that is gone within {@code KEEP_ALIVE_IDLE} plus three probes a second
	 * apart, and no command (also none that {@link RedisCalls} gave up on) waits in
	 * Lettuce's queue longer than {@code command-timeout}, instead of Boot's 60 s.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected(RedisLevelProperties properties) {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.publishOnScheduler(true)
			.socketOptions(SocketOptions.builder()
				.keepAlive(SocketOptions.KeepAliveOptions.builder()
					.enable()
					.idle(KEEP_ALIVE_IDLE)
					.interval(Duration.ofSeconds(1))
					.count(3)
					.build())
				.build())
			.timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()));
	}

	/**
	 * Lettuce's default backoff grows to 30 s; the shared level should be back sooner.
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectWithinASecond() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
	}

}

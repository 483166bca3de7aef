package dev.memberships.redis;

import dev.memberships.orgindex.IndexReplica;
import dev.memberships.warmup.WarmUpStep;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The organization index shared by the replicas, only when both the Redis level and the
 * index are on: one pod sweeps under a lease ({@link RedisSweepLease}), publishes what it
 * swept ({@link RedisSharedIndex}), and every pod loads it ({@link RedisIndexFollower})
 * and shares the events it receives. See {@code docs/organization-index.md}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = { RedisLevelProperties.ENABLED, RedisIndexConfiguration.INDEX_ENABLED })
class RedisIndexConfiguration {

	static final String INDEX_ENABLED = "memberships.auth0.index.enabled";

	@Bean
	RedisIndexCodec redisIndexCodec(JsonMapper json) {
		return new RedisIndexCodec(json);
	}

	@Bean
	RedisIndexFollower redisIndexFollower(ReactiveStringRedisTemplate redis, RedisKeys keys, RedisIndexCodec codec,
			IndexReplica replica, RedisLevelProperties properties) {
		return new RedisIndexFollower(redis, keys, codec, replica, properties.commandTimeout());
	}

	@Bean
	RedisSharedIndex redisSharedIndex(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys,
			RedisIndexCodec codec, IndexReplica replica, RedisIndexFollower follower, RedisLevelProperties properties) {
		return new RedisSharedIndex(redis, calls, keys, codec, replica, follower, properties.commandTimeout());
	}

	@Bean
	RedisSweepLease redisSweepLease(ReactiveStringRedisTemplate redis, RedisCalls calls, RedisKeys keys,
			RedisIndexFollower follower) {
		return new RedisSweepLease(redis, calls, keys, follower::looked);
	}

	@Bean
	WarmUpStep organizationIndexWarmUp(RedisIndexFollower follower) {
		return new RedisIndexWarmUp(follower);
	}

}

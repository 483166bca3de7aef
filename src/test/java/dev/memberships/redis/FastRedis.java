package dev.memberships.redis;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import dev.memberships.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The test Redis without a Spring context, for the adapter's fast tests: one connection,
 * and a key prefix of the test's own, so that tests sharing the Redis never meet.
 */
final class FastRedis implements AutoCloseable {

	private final LettuceConnectionFactory connections;

	final ReactiveStringRedisTemplate redis;

	final RedisCalls calls = new RedisCalls(Duration.ofSeconds(2), new SimpleMeterRegistry());

	final String prefix = "fast-" + UUID.randomUUID();

	FastRedis() {
		URI url = URI.create(TestRedis.url());
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new ReactiveStringRedisTemplate(this.connections);
	}

	@Override
	public void close() {
		this.connections.destroy();
	}

}

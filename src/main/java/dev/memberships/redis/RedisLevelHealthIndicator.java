package dev.memberships.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Whether the shared level answers, for operators at {@code /actuator/health}. Always UP:
 * without Redis every instance still answers from its own caches and gate, so Redis must
 * neither restart nor de-route a pod. It is in neither the liveness nor the readiness
 * group.
 */
class RedisLevelHealthIndicator implements HealthIndicator {

	private final RedisCalls calls;

	private final ReactiveStringRedisTemplate redis;

	RedisLevelHealthIndicator(RedisCalls calls, ReactiveStringRedisTemplate redis) {
		this.calls = calls;
		this.redis = redis;
	}

	@Override
	public Health health() {
		// A ping, so that the state is current even when no request used Redis lately.
		this.calls.call("ping", this.redis.execute((connection) -> connection.ping()).next()).block();
		Health.Builder health = Health.up().withDetail("available", this.calls.available());
		String lastFailure = this.calls.lastFailure();
		if (lastFailure != null) {
			health.withDetail("lastFailure", lastFailure);
		}
		return health.build();
	}

}

package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tenant gate's token bucket against a real Redis, by Redis' own clock. */
class RedisTenantGateBucketTests {

	private static final FastRedis redis = new FastRedis();

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void permitWhenTheBurstIsSpentShouldWaitAndRefillAtTheRate() {
		RedisTenantGate gate = gate(keys("refill"), new RedisLevelProperties.Rate(2, 2));
		assertThat(gate.permit().block()).isZero();
		assertThat(gate.permit().block()).isZero();
		Duration wait = gate.permit().block();
		// One token at 2 a second: never more than 500 ms away.
		assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
		await().atMost(Duration.ofSeconds(10)).until(() -> Duration.ZERO.equals(gate.permit().block()));
	}

	@Test
	void permitWithoutARateShouldNeverWaitAndWriteNoBucket() {
		RedisKeys keys = keys("no-rate");
		RedisTenantGate gate = gate(keys, null);
		for (int i = 0; i < 5; i++) {
			assertThat(gate.permit().block()).isZero();
		}
		String bucket = keys.gate("auth0").get(1);
		assertThat(redis.redis.hasKey(bucket).block()).isFalse();
	}

	private static RedisKeys keys(String test) {
		return new RedisKeys(redis.prefix + ":" + test);
	}

	private static RedisTenantGate gate(RedisKeys keys, RedisLevelProperties.Rate rate) {
		Clock clock = Clock.systemUTC();
		return new RedisTenantGate(redis.redis, redis.calls, keys, "auth0", rate,
				new RedisPeers(redis.redis, redis.calls, Duration.ofSeconds(1), clock), clock);
	}

}

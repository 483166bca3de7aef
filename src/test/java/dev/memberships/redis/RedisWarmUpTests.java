package dev.memberships.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis warm-up step against the test Redis: afterwards every script the level runs
 * is in Redis' script cache under the SHA that Spring Data Redis' EVALSHA sends, so that
 * a young pod's first script call is one round trip.
 */
class RedisWarmUpTests {

	@Test
	void runWhenRedisAnswersShouldLoadEveryScriptUnderTheShaEvalShaSends() {
		try (FastRedis redis = new FastRedis()) {
			RedisWarmUp warmUp = new RedisWarmUp(redis.redis, new RedisKeys(redis.prefix));

			warmUp.run().block(Duration.ofSeconds(30));

			List<String> shas = RedisWarmUp.SCRIPTS.stream().map(RedisScript::getSha1).toList();
			List<Boolean> loaded = redis.redis
				.execute((connection) -> connection.scriptingCommands().scriptExists(shas))
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(loaded).hasSize(5).containsOnly(true);
		}
	}

}

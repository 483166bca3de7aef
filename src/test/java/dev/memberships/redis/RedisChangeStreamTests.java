package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index's change stream against the test Redis: a replay hands on every recorded
 * message once, oldest first, across as many XRANGE pages as it takes.
 */
class RedisChangeStreamTests {

	@Test
	void replaySinceWhenChangesSpanSeveralPagesShouldReplayEachOnceInOrder() {
		try (FastRedis redis = new FastRedis()) {
			RedisChangeStream stream = new RedisChangeStream(redis.redis, new RedisKeys(redis.prefix),
					Duration.ofSeconds(10));
			// More than two pages of 50, several within the same millisecond (one id's
			// sequence numbers after another's).
			List<String> recorded = IntStream.range(0, 123).mapToObj((i) -> "change-" + i).toList();
			recorded.forEach((message) -> stream.record(message).block(Duration.ofSeconds(10)));

			List<String> replayed = new ArrayList<>();
			stream.replaySince(Instant.now(), replayed::add);

			assertThat(replayed).containsExactlyElementsOf(recorded);
		}
	}

}

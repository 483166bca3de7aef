package dev.memberships.redis;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The single flight's lease against a real Redis: one holder, taken over when it expires.
 */
class RedisLeaseTests {

	private static final Duration SHORT = Duration.ofMillis(300);

	private static final Duration POLL = Duration.ofMillis(20);

	private static final FastRedis redis = new FastRedis();

	@AfterAll
	static void close() {
		redis.close();
	}

	@Test
	void takeWhenAnotherHoldsTheLeaseShouldFailUntilItExpires() {
		String key = key("expiry");
		RedisLease holder = lease(key, SHORT);
		RedisLease other = lease(key, SHORT);
		assertThat(holder.take().block()).isTrue();
		assertThat(other.take().block()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(other.take().block()));
	}

	@Test
	void releaseShouldLetTheNextTakeTheLeaseBeforeItExpires() {
		String key = key("release");
		RedisLease holder = lease(key, Duration.ofMinutes(5));
		RedisLease other = lease(key, Duration.ofMinutes(5));
		assertThat(holder.take().block()).isTrue();
		holder.release();
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(other.take().block()));
	}

	@Test
	void releaseByAFormerHolderShouldNotFreeTheLeaseTakenOverFromIt() {
		String key = key("former");
		RedisLease former = lease(key, SHORT);
		RedisLease current = lease(key, Duration.ofMinutes(5));
		assertThat(former.take().block()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(current.take().block()));
		former.release();
		// The release is fire-and-forget: a write after it on the same connection lands
		// after it.
		redis.redis.opsForValue().set(key("marker"), "x").block();
		assertThat(lease(key, SHORT).take().block()).isFalse();
	}

	@Test
	void awaitHolderWhenTheHolderWritesShouldReturnItsAnswer() {
		String key = key("answered");
		String entry = key("answered-entry");
		RedisLease holder = lease(key, Duration.ofMinutes(5));
		assertThat(holder.take().block()).isTrue();
		Mono<Optional<String>> waiting = lease(key, Duration.ofMinutes(5))
			.awaitHolder(Mono.defer(() -> redis.redis.opsForValue().get(entry)))
			.cache();
		waiting.subscribe();
		redis.redis.opsForValue().set(entry, "the answer").block();
		assertThat(waiting.block(Duration.ofSeconds(10))).contains("the answer");
	}

	@Test
	void awaitHolderWhenTheHolderDiesShouldTakeTheLeaseOnceItExpires() {
		String key = key("died");
		RedisLease holder = lease(key, SHORT);
		assertThat(holder.take().block()).isTrue();
		RedisLease waiter = lease(key, SHORT);
		Optional<String> found = waiter.awaitHolder(Mono.<String>empty()).block(Duration.ofSeconds(10));
		assertThat(found).isEmpty();
		assertThat(lease(key, SHORT).take().block()).isFalse();
	}

	private static RedisLease lease(String key, Duration duration) {
		return new RedisLease(redis.redis, redis.calls, key, duration, POLL);
	}

	private static String key(String name) {
		return redis.prefix + ":" + name;
	}

}

package dev.memberships.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** Evictions as they travel between instances: every kind comes back as it was sent. */
class EvictionMessageTests {

	@Test
	void parseShouldReadBackEveryKindAsWritten() {
		List<EvictionMessage> messages = List.of(EvictionMessage.user("auth0|42"),
				EvictionMessage.organizationsOf("auth0|42"), EvictionMessage.organizationsStale("auth0|7"),
				EvictionMessage.organizationMembers("org_1"), EvictionMessage.all(),
				EvictionMessage.user("odd:id:with:colons"));
		assertThat(messages)
			.allSatisfy((message) -> assertThat(EvictionMessage.parse(message.text())).isEqualTo(message));
	}

	@Test
	void parseWhenTheTextHoldsNoKnownKindShouldBeNull() {
		assertThat(EvictionMessage.parse("FORGET_EVERYTHING:auth0|42")).isNull();
		assertThat(EvictionMessage.parse("no colon")).isNull();
	}

	@Test
	void messageShouldRoundTripThroughTheRedisChannel() throws Exception {
		try (FastRedis redis = new FastRedis()) {
			String channel = new RedisKeys(redis.prefix).evictions();
			EvictionMessage sent = EvictionMessage.organizationMembers("org_1");
			Mono<EvictionMessage> received = redis.redis.listenToChannel(channel)
				.mapNotNull((message) -> EvictionMessage.parse(message.getMessage()))
				.next()
				.cache();
			received.subscribe();
			// Subscribing is asynchronous: publish until the listener is there to hear
			// it.
			EvictionMessage heard = Flux.interval(Duration.ofMillis(20))
				.onBackpressureDrop()
				.concatMap((tick) -> redis.redis.convertAndSend(channel, sent.text()))
				.takeUntilOther(received)
				.then(received)
				.block(Duration.ofSeconds(10));
			assertThat(heard).isEqualTo(sent);
		}
	}

}

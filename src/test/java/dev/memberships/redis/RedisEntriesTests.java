package dev.memberships.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.memberships.membership.cache.SharedLevel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** How entries of the shared level are read back, by the reading instance's clock. */
class RedisEntriesTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private final JsonMapper json = new JsonMapper();

	private final RedisEntries<List<String>> reader = entries(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void readWhenTheEntryWasLoadedInTheFutureShouldBeAMiss() {
		String written = entries(Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC)).write(List.of("org"));
		assertThat(this.reader.read(written)).isNull();
	}

	@Test
	void readWhenTheWritersClockIsAheadWithinTheToleranceShouldBeFreshWithAgeZero() {
		String written = entries(Clock.fixed(NOW.plusMillis(500), ZoneOffset.UTC)).write(List.of("org"));
		SharedLevel.Loaded<List<String>> loaded = this.reader.read(written);
		assertThat(loaded).isNotNull();
		assertThat(loaded.age()).isZero();
		assertThat(loaded.value()).containsExactly("org");
	}

	@Test
	void readWhenTheEntryIsOlderShouldKeepItsAge() {
		String written = entries(Clock.fixed(NOW.minusSeconds(30), ZoneOffset.UTC)).write(List.of("org"));
		assertThat(this.reader.read(written).age()).isEqualTo(Duration.ofSeconds(30));
	}

	private RedisEntries<List<String>> entries(Clock clock) {
		return new RedisEntries<>(this.json, String.class, clock);
	}

}

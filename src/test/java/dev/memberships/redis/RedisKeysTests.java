package dev.memberships.redis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the adapter names its keys: one place, encoded, every user's keys in one slot. */
class RedisKeysTests {

	private final RedisKeys keys = new RedisKeys("memberships");

	@Test
	void entryShouldBePrefixedVersionedAndTaggedWithTheEncodedUserId() {
		assertThat(this.keys.entry("auth0", List.of("auth0|42")))
			.isEqualTo("memberships:v1:entries:auth0:{auth0%7C42}");
		assertThat(this.keys.entry("structures", List.of("auth0|42", "ou_main", "en-US")))
			.isEqualTo("memberships:v1:entries:structures:{auth0%7C42}:ou_main:en-US");
	}

	@Test
	void entryWhenAUserIdHoldsKeySyntaxShouldNotReachIntoAnotherKey() {
		String entry = this.keys.entry("auth0", List.of("x}:other:{y"));
		assertThat(entry).isEqualTo("memberships:v1:entries:auth0:{x%7D%3Aother%3A%7By}");
		assertThat(entry).isNotEqualTo(this.keys.entry("auth0", List.of("x")));
	}

	@Test
	void userIndexAndLeaseShouldShareTheEntrysHashTag() {
		String entry = this.keys.entry("groups", List.of("auth0|42", "ou_main"));
		assertThat(this.keys.userIndex("auth0|42")).isEqualTo("memberships:v1:entries:user:{auth0%7C42}");
		assertThat(this.keys.lease(entry)).isEqualTo(entry + ":lease").contains("{auth0%7C42}");
	}

	@Test
	void gateKeysShouldShareOneHashTagAndLieOutsideTheEntrySweep() {
		assertThat(this.keys.gate("auth0")).containsExactly("memberships:v1:gate:{auth0}:closed-until",
				"memberships:v1:gate:{auth0}:bucket");
		String swept = this.keys.allEntries();
		assertThat(swept).isEqualTo("memberships:v1:entries:*");
		assertThat(this.keys.gate("auth0")).noneMatch((key) -> key.startsWith(swept.substring(0, swept.length() - 1)));
	}

	@Test
	void channelAndWarmUpProbeShouldCarryThePrefix() {
		assertThat(this.keys.evictions()).isEqualTo("memberships:v1:evictions");
		assertThat(this.keys.warmUpProbe()).isEqualTo("memberships:warm-up");
	}

	@Test
	void indexKeysShouldShareOneHashTagAndLieOutsideTheEntrySweep() {
		RedisKeys.IndexKeys index = this.keys.index();
		assertThat(List.of(index.organizations(), index.readStarts(), index.sweep(), index.sweeper()))
			.containsExactly("memberships:v1:index:{index}:organizations", "memberships:v1:index:{index}:read-starts",
					"memberships:v1:index:{index}:sweep", "memberships:v1:index:{index}:sweeper")
			.noneMatch((key) -> key.startsWith("memberships:v1:entries:"));
	}

}

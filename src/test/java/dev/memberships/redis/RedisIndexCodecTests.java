package dev.memberships.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.orgindex.IndexChange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared index as written in Redis: everything comes back as it was written. */
class RedisIndexCodecTests {

	private static final Auth0Organization ACME = new Auth0Organization("org_1", "acme", "Acme Inc.",
			Map.of("tier", "gold"));

	private final RedisIndexCodec codec = new RedisIndexCodec(new JsonMapper());

	@Test
	void organizationShouldReadBackAsWrittenWithItsReadStartInMilliseconds() {
		Instant readStart = Instant.parse("2026-03-01T10:00:00.123456Z");
		String text = this.codec.organization(ACME, Set.of("auth0|1", "google-oauth2|2"), readStart);
		assertThat(text).contains("\"display_name\":\"Acme Inc.\"").contains("\"readStart\":1772359200123");
		RedisIndexCodec.SweptOrganization swept = this.codec.organization(text);
		assertThat(swept).isNotNull();
		assertThat(swept.organization()).isEqualTo(ACME);
		assertThat(swept.members()).containsExactlyInAnyOrder("auth0|1", "google-oauth2|2");
		assertThat(swept.readStartInstant()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z"));
	}

	@Test
	void organizationWhenTheTextIsNoneShouldBeNull() {
		assertThat(this.codec.organization("not json")).isNull();
		assertThat(this.codec.organization("{\"readStart\":1}")).isNull();
		assertThat(this.codec.organization("{\"organization\":{\"id\":\"org_1\"},\"readStart\":1}")).isNull();
	}

	@Test
	void sweepShouldReadBackAsWritten() {
		RedisIndexCodec.PublishedSweep sweep = new RedisIndexCodec.PublishedSweep(1000, 2000, 3,
				RedisIndexCodec.PublishedSweep.FORMAT);
		assertThat(this.codec.sweep(this.codec.sweep(sweep))).isEqualTo(sweep);
		assertThat(this.codec.sweep("{")).isNull();
	}

	@Test
	void changeShouldReadBackWithItsSenderAndTheTimeToTheNanosecond() {
		List<IndexChange> changes = List.of(
				new IndexChange("organization.member.added", Instant.parse("2026-03-01T09:59:58.123456789Z"),
						"auth0|42", "org_1", ACME),
				new IndexChange("organization.member.deleted", Instant.parse("2026-03-01T09:59:58Z"), "auth0|42",
						"org_1", null),
				new IndexChange("user.deleted", Instant.parse("2026-03-01T09:59:58Z"), "odd:id|with:colons", null,
						null));
		for (IndexChange change : changes) {
			String message = this.codec.change(change, "pod-a");
			assertThat(message).startsWith(RedisIndexCodec.CHANGE);
			RedisIndexCodec.ChangeMessage read = this.codec.change(message);
			assertThat(read).isNotNull();
			assertThat(read.pod()).isEqualTo("pod-a");
			assertThat(read.change()).isEqualTo(change);
		}
	}

	@Test
	void changeWhenTheMessageIsNoChangeShouldBeNull() {
		assertThat(this.codec.change("USER:auth0|42")).isNull();
		assertThat(this.codec.change(RedisIndexCodec.CHANGE + "{")).isNull();
		assertThat(this.codec.change(RedisIndexCodec.CHANGE + "{\"pod\":\"a\",\"type\":\"user.deleted\"}")).isNull();
		assertThat(this.codec.change(RedisIndexCodec.CHANGE
				+ "{\"pod\":\"a\",\"type\":\"user.deleted\",\"time\":\"yesterday\",\"userId\":\"u\"}"))
			.isNull();
		assertThat(EvictionMessage
			.parse(this.codec.change(new IndexChange("user.deleted", Instant.EPOCH, "auth0|42", null, null), "pod-a")))
			.isNull();
	}

}

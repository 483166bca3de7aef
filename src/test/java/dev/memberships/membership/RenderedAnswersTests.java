package dev.memberships.membership;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Sources;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.SourceStatus;
import dev.memberships.membership.cache.Stamped;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.DigestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedAnswersTests {

	private static final MembershipQuery QUERY = MembershipQuery.of("auth0|42", null, null, "ou-1");

	private final JsonMapper json = JsonMapper.builder().build();

	private final RenderedAnswers rendered = new RenderedAnswers(this.json, properties(Map.of()), () -> 0L);

	private final AtomicInteger merges = new AtomicInteger();

	@Test
	void renderShouldWriteTheAnswersJsonWithAWeakEtagOfItsBytes() {
		Memberships memberships = memberships("Acme");
		RenderedAnswers.Rendered answer = this.rendered.render(memberships);
		assertThat(new String(answer.json(), StandardCharsets.UTF_8))
			.isEqualTo(this.json.writeValueAsString(memberships));
		assertThat(answer.etag()).isEqualTo("W/\"0" + DigestUtils.md5DigestAsHex(answer.json()) + "\"");
	}

	@Test
	void renderWhenTheSameFreshEntriesShouldMergeAndSerializeOnce() {
		FreshEntries fresh = fresh("Acme");
		RenderedAnswers.Rendered first = this.rendered.render(QUERY, fresh, this::merge);
		RenderedAnswers.Rendered second = this.rendered.render(QUERY, fresh, this::merge);
		assertThat(second).isSameAs(first);
		assertThat(this.merges).hasValue(1);
	}

	@Test
	void renderWhenAnEntryWasLoadedAgainShouldRenderTheNewAnswer() {
		RenderedAnswers.Rendered first = this.rendered.render(QUERY, fresh("Acme"), this::merge);
		RenderedAnswers.Rendered second = this.rendered.render(QUERY, fresh("Acme Corp"), this::merge);
		assertThat(this.merges).hasValue(2);
		assertThat(new String(second.json(), StandardCharsets.UTF_8)).contains("Acme Corp");
		assertThat(second.etag()).isNotEqualTo(first.etag());
	}

	private Memberships merge(FreshEntries fresh) {
		this.merges.incrementAndGet();
		return MembershipsMerge.merge(QUERY, SourceResult.fresh(fresh.organizations().value()),
				SourceResult.fresh(fresh.structures().value()), SourceResult.fresh(fresh.userGroups().value()));
	}

	private static FreshEntries fresh(String organizationName) {
		return new FreshEntries(
				new Stamped<>(List.of(new Organization("org_1", organizationName, null, Map.of())), 0, false),
				new Stamped<>(List.of(new Structure("s1", "Plant")), 0, false),
				new Stamped<>(List.of(new UserGroup("g1", "Operators")), 0, false), Duration.ofMinutes(5));
	}

	private static Memberships memberships(String organizationName) {
		return new Memberships("auth0|42", "ou-1", List.of(new Organization("org_1", organizationName, null, Map.of())),
				List.of(new Structure("s1", "Plant")), List.of(new UserGroup("g1", "Operators")),
				new Sources(SourceStatus.OK, SourceStatus.OK, SourceStatus.OK), true);
	}

	private static MembershipsProperties properties(Map<String, String> values) {
		Map<String, String> prefixed = new HashMap<>();
		values.forEach((key, value) -> prefixed.put("memberships." + key, value));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("memberships",
				Bindable.of(MembershipsProperties.class));
	}

}

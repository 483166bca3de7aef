package dev.memberships.membership;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.SourceStatus;
import dev.memberships.membership.cache.SourceStatus.State;
import dev.memberships.upstream.FailureReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MembershipsMergeTests {

	private static final MembershipQuery QUERY = new MembershipQuery("auth0|42", "ou_main", "en_US");

	private static final SourceResult<List<Organization>> ORGANIZATIONS = SourceResult
		.fresh(List.of(new Organization("org_1", "acme", "Acme Inc.", Map.of("tier", "gold"))));

	private static final SourceResult<List<Structure>> STRUCTURES = SourceResult
		.fresh(List.of(new Structure("st_1", "Plant A")));

	private static final SourceResult<List<UserGroup>> GROUPS = SourceResult
		.fresh(List.of(new UserGroup("ug_1", "Operators")));

	@Test
	void mergeWhenEverySourceAnsweredShouldBeCompleteWithEveryList() {
		Memberships memberships = MembershipsMerge.merge(QUERY, ORGANIZATIONS, STRUCTURES, GROUPS);
		assertThat(memberships.userId()).isEqualTo("auth0|42");
		assertThat(memberships.organizationId()).isEqualTo("ou_main");
		assertThat(memberships.organizations()).extracting(Organization::id).containsExactly("org_1");
		assertThat(memberships.structures()).extracting(Structure::name).containsExactly("Plant A");
		assertThat(memberships.userGroups()).extracting(UserGroup::name).containsExactly("Operators");
		assertThat(memberships.sources().organizations()).isEqualTo(SourceStatus.OK);
		assertThat(memberships.sources().structures()).isEqualTo(SourceStatus.OK);
		assertThat(memberships.sources().userGroups()).isEqualTo(SourceStatus.OK);
		assertThat(memberships.complete()).isTrue();
	}

	@Test
	void mergeWhenGroupsSourceFailedShouldMarkSourceUnavailableAndAnswerIncomplete() {
		Memberships memberships = MembershipsMerge.merge(QUERY, ORGANIZATIONS, STRUCTURES,
				SourceResult.failed(FailureReason.TIMEOUT));
		assertThat(memberships.userGroups()).isEmpty();
		assertThat(memberships.sources().userGroups()).isEqualTo(SourceStatus.unavailable("timeout"));
		assertThat(memberships.organizations()).hasSize(1);
		assertThat(memberships.complete()).isFalse();
	}

	@Test
	void mergeWhenSourceIsStaleShouldReportAgeAndStayComplete() {
		Memberships memberships = MembershipsMerge.merge(QUERY, SourceResult.stale(ORGANIZATIONS.valueOr(null), 312),
				STRUCTURES, GROUPS);
		assertThat(memberships.sources().organizations()).isEqualTo(new SourceStatus(State.STALE, null, 312L));
		assertThat(memberships.organizations()).hasSize(1);
		assertThat(memberships.complete()).isTrue();
	}

	@Test
	void mergeWhenAuth0DoesNotKnowUserShouldThrowUserNotFound() {
		assertThatExceptionOfType(UserNotFoundException.class).isThrownBy(
				() -> MembershipsMerge.merge(QUERY, SourceResult.failed(FailureReason.NOT_FOUND), STRUCTURES, GROUPS));
	}

	@Test
	void mergeWhenStructuresDoNotKnowOrganizationShouldThrowOrganizationNotFound() {
		assertThatExceptionOfType(OrganizationNotFoundException.class)
			.isThrownBy(() -> MembershipsMerge.merge(QUERY, ORGANIZATIONS, SourceResult.failed(FailureReason.NOT_FOUND),
					SourceResult.failed(FailureReason.NOT_FOUND)));
	}

	@Test
	void mergeWhenGroupsSayNotFoundButStructuresKnowOrganizationShouldAnswerUserOutsideOrganization() {
		Memberships memberships = MembershipsMerge.merge(QUERY, ORGANIZATIONS, SourceResult.fresh(List.of()),
				SourceResult.failed(FailureReason.NOT_FOUND));
		assertThat(memberships.userGroups()).isEmpty();
		assertThat(memberships.sources().userGroups()).isEqualTo(SourceStatus.OK);
		assertThat(memberships.complete()).isTrue();
	}

	@Test
	void mergeWhenGroupsSayNotFoundAndStructuresFailedShouldMarkGroupsUnavailable() {
		Memberships memberships = MembershipsMerge.merge(QUERY, ORGANIZATIONS,
				SourceResult.failed(FailureReason.UPSTREAM_ERROR), SourceResult.failed(FailureReason.NOT_FOUND));
		assertThat(memberships.sources().userGroups()).isEqualTo(SourceStatus.unavailable("not_found"));
		assertThat(memberships.sources().structures()).isEqualTo(SourceStatus.unavailable("upstream_error"));
		assertThat(memberships.complete()).isFalse();
	}

	@Test
	void mergeWhenEverySourceFailedShouldThrowUnavailableWithLongestRetryAfter() {
		assertThatExceptionOfType(SourcesUnavailableException.class)
			.isThrownBy(() -> MembershipsMerge.merge(QUERY,
					SourceResult.failed(FailureReason.RATE_LIMITED, Optional.of(Duration.ofSeconds(7))),
					SourceResult.failed(FailureReason.TIMEOUT),
					SourceResult.failed(FailureReason.RATE_LIMITED, Optional.of(Duration.ofMillis(2500)))))
			.satisfies((ex) -> {
				assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("7");
				assertThat(ex.getStatusCode().value()).isEqualTo(503);
			});
	}

	@Test
	void mergeWhenEverySourceFailedWithoutHintShouldNotSendRetryAfter() {
		assertThatExceptionOfType(SourcesUnavailableException.class)
			.isThrownBy(() -> MembershipsMerge.merge(QUERY, SourceResult.failed(FailureReason.TIMEOUT),
					SourceResult.failed(FailureReason.TIMEOUT), SourceResult.failed(FailureReason.UPSTREAM_ERROR)))
			.satisfies((ex) -> assertThat(ex.getHeaders().headerNames()).isEmpty());
	}

}

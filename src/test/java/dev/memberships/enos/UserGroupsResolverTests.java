package dev.memberships.enos;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.memberships.enos.EnosAssignments.EnosItem;
import dev.memberships.enos.UserGroupsResolver.Resolution;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The splitting rules, against an OU that behaves like EnOS's: user groups answer 31404
 * for a batch holding anyone outside the OU, structures only for an unknown OU.
 */
class UserGroupsResolverTests {

	private final AtomicInteger groupsCalls = new AtomicInteger();

	private final AtomicInteger structuresCalls = new AtomicInteger();

	private final EnosClient enos = new EnosClient() {

		@Override
		public Mono<EnosAssignments> getUserStructures(String organizationId, List<String> userIds, String locale) {
			UserGroupsResolverTests.this.structuresCalls.incrementAndGet();
			return "ou_main".equals(organizationId) ? Mono.just(new EnosAssignments(Map.of())) : notFound();
		}

		@Override
		public Mono<EnosAssignments> getUserGroups(String organizationId, List<String> userIds) {
			UserGroupsResolverTests.this.groupsCalls.incrementAndGet();
			if (!"ou_main".equals(organizationId) || userIds.stream().anyMatch((id) -> id.startsWith("out"))) {
				return notFound();
			}
			return Mono.just(new EnosAssignments(userIds.stream()
				.collect(Collectors.toMap(Function.identity(), (id) -> List.of(new EnosItem("g-" + id, id))))));
		}

	};

	@Test
	void resolveWhenOneUserOutsideOrganizationShouldAnswerEveryoneAndGiveOutsiderNoGroups() {
		List<String> users = users(1000, 617);
		Resolution resolution = new UserGroupsResolver(this.enos, 64).resolve("ou_main", users).block();
		assertThat(resolution.failures()).isEmpty();
		assertThat(resolution.groups()).hasSize(1000);
		assertThat(resolution.groups().get("out-617")).isEmpty();
		assertThat(resolution.groups().get("user-3")).extracting(EnosItem::id).containsExactly("g-user-3");
		assertThat(this.groupsCalls.get()).isLessThanOrEqualTo(1 + 2 * 10);
		assertThat(this.structuresCalls).hasValue(1);
	}

	@Test
	void resolveWhenOrganizationUnknownShouldNotSplit() {
		Resolution resolution = new UserGroupsResolver(this.enos, 64).resolve("ou_gone", users(1000)).block();
		assertThat(resolution.failures()).hasSize(1000)
			.allSatisfy((user, failure) -> assertThat(failure.reason()).isEqualTo(FailureReason.NOT_FOUND));
		assertThat(this.groupsCalls).hasValue(1);
		assertThat(this.structuresCalls).hasValue(1);
	}

	@Test
	void resolveWhenSplittingBudgetSpentShouldLeaveRestUnresolvedNotGuessed() {
		Resolution resolution = new UserGroupsResolver(this.enos, 6).resolve("ou_main", users(64, 5, 20, 40, 60))
			.block();
		assertThat(this.groupsCalls.get()).isLessThanOrEqualTo(1 + 6);
		assertThat(resolution.failures()).isNotEmpty()
			.allSatisfy((user, failure) -> assertThat(failure.reason()).isEqualTo(FailureReason.UPSTREAM_ERROR));
		assertThat(resolution.groups().keySet()).doesNotContainAnyElementsOf(resolution.failures().keySet());
		assertThat(resolution.groups().size() + resolution.failures().size()).isEqualTo(64);
	}

	@Test
	void resolveWhenSingleUserAnswered31404ShouldReportNotFoundForTheMergeToJudge() {
		Resolution resolution = new UserGroupsResolver(this.enos, 64).resolve("ou_main", List.of("out-1")).block();
		assertThat(resolution.failures().get("out-1").reason()).isEqualTo(FailureReason.NOT_FOUND);
		assertThat(this.structuresCalls).hasValue(0);
	}

	private static List<String> users(int count, int... outsiders) {
		List<Integer> outside = IntStream.of(outsiders).boxed().toList();
		return IntStream.range(0, count).mapToObj((i) -> outside.contains(i) ? "out-" + i : "user-" + i).toList();
	}

	private static Mono<EnosAssignments> notFound() {
		return Mono.error(new UpstreamException("enos-groups", FailureReason.NOT_FOUND));
	}

}

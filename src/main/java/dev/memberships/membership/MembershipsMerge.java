package dev.memberships.membership;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Sources;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.SourceResult;
import dev.memberships.membership.cache.SourceStatus;
import dev.memberships.membership.cache.SourceStatus.State;
import dev.memberships.upstream.FailureReason;

/**
 * Merges what the three sources gave into one answer. A plain function: the rules below
 * are the whole contract.
 * <ul>
 * <li>Auth0 does not know the user: {@link UserNotFoundException}.</li>
 * <li>EnOS structures do not know the OU (31404 there means only that):
 * {@link OrganizationNotFoundException}.</li>
 * <li>EnOS user groups answer 31404 ("OU not found, or some users not found in the OU")
 * while structures know the OU: the user is not in the OU, so they have no groups (status
 * {@code OK}). When structures could not tell, groups are {@code UNAVAILABLE} with reason
 * {@code not_found}.</li>
 * <li>Every source failed: {@link SourcesUnavailableException}, with the longest
 * {@code Retry-After} an upstream asked for.</li>
 * <li>Otherwise an answer; a failed source has an empty list, and the answer is
 * {@code complete} only when no source is {@code UNAVAILABLE}.</li>
 * </ul>
 */
final class MembershipsMerge {

	private MembershipsMerge() {
	}

	static Memberships merge(MembershipQuery query, SourceResult<List<Organization>> organizations,
			SourceResult<List<Structure>> structures, SourceResult<List<UserGroup>> userGroups) {
		if (organizations.failedWith(FailureReason.NOT_FOUND)) {
			throw new UserNotFoundException();
		}
		if (structures.failedWith(FailureReason.NOT_FOUND)) {
			throw new OrganizationNotFoundException();
		}
		if (userGroups.failedWith(FailureReason.NOT_FOUND) && structures instanceof SourceResult.Loaded) {
			userGroups = SourceResult.fresh(List.of());
		}
		Sources sources = new Sources(organizations.status(), structures.status(), userGroups.status());
		List<SourceStatus> statuses = List.of(sources.organizations(), sources.structures(), sources.userGroups());
		if (statuses.stream().allMatch((status) -> status.status() == State.UNAVAILABLE)) {
			throw new SourcesUnavailableException(sources, longestRetryAfter(organizations, structures, userGroups));
		}
		boolean complete = statuses.stream().noneMatch((status) -> status.status() == State.UNAVAILABLE);
		return new Memberships(query.userId(), query.organizationId(), organizations.valueOr(List.of()),
				structures.valueOr(List.of()), userGroups.valueOr(List.of()), sources, complete);
	}

	private static Optional<Duration> longestRetryAfter(SourceResult<?>... results) {
		return Stream.of(results)
			.flatMap((result) -> (result instanceof SourceResult.Failed<?> failed) ? failed.retryAfter().stream()
					: Stream.empty())
			.max(Comparator.naturalOrder());
	}

}

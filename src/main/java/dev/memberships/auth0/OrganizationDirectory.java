package dev.memberships.auth0;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Auth0's lists of organizations and their members, read a page at a time with checkpoint
 * pagination ({@code from}/{@code take}): offset pagination stops past 1,000 records.
 * Every request goes through the {@code auth0} upstream's protection, the same rate-limit
 * gate as the per-user calls of {@link Auth0Client}.
 */
public interface OrganizationDirectory {

	/**
	 * One page of the tenant's organizations.
	 * @param from the {@code next} of the previous page, or {@code null} for the first
	 * @param take the page size, at most 50 on the public cloud
	 * @return the page
	 */
	Mono<Page<Auth0Organization>> organizations(@Nullable String from, int take);

	/**
	 * One page of an organization's members, their user ids only.
	 * @param organizationId the organization
	 * @param from the {@code next} of the previous page, or {@code null} for the first
	 * @param take the page size, at most 50 on the public cloud
	 * @return the page; a {@code NOT_FOUND} failure when the organization is gone
	 */
	Mono<Page<String>> memberIds(String organizationId, @Nullable String from, int take);

	/**
	 * One organization.
	 * @param organizationId its id
	 * @return the organization; a {@code NOT_FOUND} failure when it does not exist
	 */
	Mono<Auth0Organization> organization(String organizationId);

	/**
	 * One page of a list.
	 *
	 * @param items what the page holds
	 * @param next where the next page starts; {@code null} on the last page
	 */
	record Page<T>(List<T> items, @Nullable String next) {

		public Page {
			items = List.copyOf(items);
		}

		public boolean last() {
			return this.next == null || this.next.isEmpty();
		}

	}

}

package dev.memberships.auth0;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of {@code GET /api/v2/users/{id}/organizations?include_totals=true}.
 *
 * @param start index of the first organization on this page
 * @param limit page size Auth0 applied
 * @param total how many organizations the user has across all pages
 * @param organizations this page's organizations; required, so an answer without them is
 * refused as a bad response rather than read as "no organizations"
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrganizationsPage(int start, int limit, int total, List<Auth0Organization> organizations) {

	OrganizationsPage {
		if (organizations == null) {
			throw new IllegalArgumentException("organizations is missing");
		}
		organizations = List.copyOf(organizations);
	}

}

package dev.memberships.membership;

import java.util.List;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.enos.EnosAssignments.EnosItem;
import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;

/**
 * Upstream records to answer records: the answer's shape does not follow the upstreams'.
 */
final class SourceMapping {

	private SourceMapping() {
	}

	static List<Organization> organizations(List<Auth0Organization> organizations) {
		return organizations.stream()
			.map((org) -> new Organization(org.id(), org.name(), org.displayName(), org.metadata()))
			.toList();
	}

	static List<Structure> structures(List<EnosItem> items) {
		return items.stream().map((item) -> new Structure(item.id(), item.name())).toList();
	}

	static List<UserGroup> userGroups(List<EnosItem> items) {
		return items.stream().map((item) -> new UserGroup(item.id(), item.name())).toList();
	}

}

package com.example.memberships.membership;

import java.util.List;

import com.example.memberships.auth0.Auth0Organization;
import com.example.memberships.enos.EnosAssignments.EnosItem;
import com.example.memberships.membership.Memberships.Organization;
import com.example.memberships.membership.Memberships.Structure;
import com.example.memberships.membership.Memberships.UserGroup;

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

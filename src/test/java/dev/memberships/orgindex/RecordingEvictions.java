package dev.memberships.orgindex;

import java.util.Set;

import dev.memberships.membership.MembershipEvictions;

/** Evictions that only note the users and organizations they were asked to evict. */
record RecordingEvictions(Set<String> evicted) implements MembershipEvictions {

	@Override
	public void evictUser(String userId) {
		this.evicted.add(userId);
	}

	@Override
	public void evictOrganizationsOf(String userId) {
		this.evicted.add(userId);
	}

	@Override
	public void evictOrganizationMembers(String organizationId) {
		this.evicted.add(organizationId);
	}

	@Override
	public void evictAll() {
		this.evicted.add("*");
	}

}

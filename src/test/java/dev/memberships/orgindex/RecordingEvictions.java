package dev.memberships.orgindex;

import java.util.Set;

import dev.memberships.membership.evictions.MembershipEvictions;

/** Evictions that only note the users and organizations they were asked to evict. */
record RecordingEvictions(Set<String> evicted) implements MembershipEvictions {

	@Override
	public void evictUser(String userId) {
		this.evicted.add(userId);
	}

	@Override
	public boolean evictOrganizationsOf(String userId) {
		this.evicted.add(userId);
		return true;
	}

	@Override
	public boolean markOrganizationsStale(String userId) {
		this.evicted.add(userId);
		return true;
	}

	@Override
	public boolean markOrganizationMembersStale(String organizationId) {
		this.evicted.add(organizationId);
		return true;
	}

	@Override
	public AllEvicted evictAll() {
		this.evicted.add("*");
		return new AllEvicted(0, true, null);
	}

}

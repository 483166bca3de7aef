package dev.memberships.membership;

import org.springframework.stereotype.Component;

/**
 * Evictions on this instance only: its caches are the only ones.
 */
@Component
class LocalMembershipEvictions implements MembershipEvictions {

	private final MembershipSources sources;

	LocalMembershipEvictions(MembershipSources sources) {
		this.sources = sources;
	}

	@Override
	public void evictUser(String userId) {
		this.sources.evictUser(userId);
	}

	@Override
	public void evictOrganizationsOf(String userId) {
		this.sources.evictOrganizationsOf(userId);
	}

	@Override
	public void evictOrganizationMembers(String organizationId) {
		this.sources.evictOrganizationMembers(organizationId);
	}

	@Override
	public void evictAll() {
		this.sources.evictAll();
	}

}

package dev.memberships.membership;

import java.util.List;

import org.springframework.stereotype.Component;

/** Forgets cached answers on this instance only. */
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

	/**
	 * Forgets the Auth0 organizations of every member of an organization cached here.
	 * @return the members forgotten
	 */
	List<String> evictOrganizationMembersKnown(String organizationId) {
		return this.sources.evictOrganizationMembers(organizationId);
	}

	@Override
	public AllEvicted evictAll() {
		this.sources.evictAll();
		return AllEvicted.LOCAL;
	}

}

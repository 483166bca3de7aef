package dev.memberships.membership;

import java.util.List;

import dev.memberships.membership.evictions.MembershipEvictions;

import org.springframework.stereotype.Component;

/** Forgets cached answers on this instance only. */
@Component
public class LocalMembershipEvictions implements MembershipEvictions {

	private final MembershipSources sources;

	LocalMembershipEvictions(MembershipSources sources) {
		this.sources = sources;
	}

	@Override
	public void evictUser(String userId) {
		this.sources.evictUser(userId);
	}

	@Override
	public boolean evictOrganizationsOf(String userId) {
		this.sources.evictOrganizationsOf(userId);
		return true;
	}

	@Override
	public boolean markOrganizationsStale(String userId) {
		this.sources.markOrganizationsStale(userId);
		return true;
	}

	@Override
	public boolean markOrganizationMembersStale(String organizationId) {
		markStale(organizationMembers(organizationId));
		return true;
	}

	/** The users cached here with an organization. */
	public List<String> organizationMembers(String organizationId) {
		return this.sources.organizationMembers(organizationId);
	}

	/** Makes the Auth0 organizations of these users stale here. */
	public void markStale(List<String> userIds) {
		userIds.forEach(this.sources::markOrganizationsStale);
	}

	@Override
	public AllEvicted evictAll() {
		this.sources.evictAll();
		return AllEvicted.LOCAL;
	}

}

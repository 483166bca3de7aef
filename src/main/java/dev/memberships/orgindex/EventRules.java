package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

/**
 * What events say ({@link ChangeLog}: the latest wins, and beats an older read) and what
 * per-user calls answered, applied to the index's state under the index's lock.
 */
final class EventRules {

	private final IndexState state;

	private final MembershipBound bound;

	private final Clock clock;

	EventRules(IndexState state, MembershipBound bound, Clock clock) {
		this.state = state;
		this.bound = bound;
		this.clock = clock;
	}

	/** A per-user call's answer for a user no list named. */
	void answered(String userId, List<Auth0Organization> organizations) {
		if (organizations.isEmpty()) {
			this.state.perUser().none(userId);
			return;
		}
		Instant now = this.clock.instant();
		for (Auth0Organization organization : organizations) {
			if (this.state.changes().member(organization.id(), userId, now, true)) {
				this.state.table().putOrganization(organization);
				this.state.table().add(organization.id(), userId);
			}
		}
		this.state.perUser().forget(userId);
		this.bound.enforce(this.state);
	}

	/** A per-user call found no such user. */
	void unknown(String userId) {
		this.state.perUser().unknown(userId);
	}

	/** An event: the user joined the organization. */
	void memberAdded(Auth0Organization organization, String userId, Instant time) {
		if (this.state.changes().member(organization.id(), userId, time, true)) {
			this.state.table().putOrganization(organization);
			this.state.table().add(organization.id(), userId);
			this.state.perUser().forget(userId);
			this.bound.enforce(this.state);
		}
	}

	/** An event: the user left the organization. */
	void memberDeleted(String organizationId, String userId, Instant time) {
		if (this.state.changes().member(organizationId, userId, time, false)) {
			this.state.table().remove(organizationId, userId);
		}
	}

	/** An event: an organization was created or changed. */
	void organizationChanged(Auth0Organization organization, Instant time) {
		if (this.state.changes().organization(organization.id(), time, true)) {
			this.state.table().putOrganization(organization);
		}
	}

	/** An event: the organization is gone; returns its members. */
	Set<String> organizationDeleted(String organizationId, Instant time) {
		return this.state.changes().organization(organizationId, time, false)
				? this.state.table().removeOrganization(organizationId) : Set.of();
	}

	/** An event: the user is gone; Auth0 would answer 404 now. */
	void userDeleted(String userId, Instant time) {
		this.state.changes().userDeleted(userId, time);
		this.state.table().removeUser(userId);
		this.state.perUser().unknown(userId);
	}

}

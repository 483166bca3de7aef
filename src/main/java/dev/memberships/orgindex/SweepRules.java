package dev.memberships.orgindex;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

/**
 * What sweeps read, applied to the index's state under the index's lock: a list decides a
 * membership unless an event since its read started says otherwise ({@link ChangeLog}).
 */
final class SweepRules {

	private final IndexState state;

	private final MembershipBound bound;

	SweepRules(IndexState state, MembershipBound bound) {
		this.state = state;
		this.bound = bound;
	}

	/**
	 * A sweep read every member of an organization, its first page requested then.
	 * @return {@code false} once the index has stopped
	 */
	boolean swept(Auth0Organization organization, Set<String> listed, Instant readStart) {
		if (this.bound.stopped()) {
			return false;
		}
		MembershipTable table = this.state.table();
		ChangeLog changes = this.state.changes();
		String id = organization.id();
		Optional<Boolean> exists = changes.decidesOrganization(id, readStart);
		if (exists.isPresent() && !exists.get()) {
			return true;
		}
		table.putOrganization(organization);
		Set<String> users = new HashSet<>(listed);
		users.addAll(table.membersOf(id));
		for (String userId : users) {
			boolean member = changes.decides(id, userId, readStart).orElse(listed.contains(userId));
			if (member) {
				table.add(id, userId);
				this.state.perUser().forget(userId);
			}
			else {
				table.remove(id, userId);
			}
		}
		return this.bound.enforce(this.state);
	}

	/**
	 * A sweep that started then listed every organization: those it did not list are
	 * gone, unless an event since says otherwise.
	 */
	void completed(Set<String> listedOrganizations, Instant sweepStart) {
		for (String id : this.state.table().organizationIds()) {
			if (!listedOrganizations.contains(id)
					&& this.state.changes().decidesOrganization(id, sweepStart).isEmpty()) {
				this.state.table().removeOrganization(id);
			}
		}
		this.state.changes().pruneBefore(sweepStart);
	}

}

package dev.memberships.orgindex;

import java.util.List;
import java.util.Optional;

import dev.memberships.auth0.Auth0Organization;

/**
 * What the index holds: who belongs where, the latest events, and what per-user calls
 * answered for users no list names. Reads take no lock; the index's lock orders the
 * changes ({@link EventRules}, {@link SweepRules}).
 */
record IndexState(MembershipTable table, ChangeLog changes, PerUserAnswers perUser) {

	IndexState() {
		this(new MembershipTable(), new ChangeLog(), new PerUserAnswers());
	}

	/** What the lists, events and per-user calls say of a user; empty when nothing. */
	Optional<IndexLookup> lookup(String userId) {
		List<Auth0Organization> organizations = this.table.organizationsOf(userId);
		if (organizations != null) {
			return Optional.of(new IndexLookup.Listed(organizations));
		}
		return this.perUser.lookup(userId);
	}

	/** Whether the user is here, without building their organization list. */
	boolean has(String userId) {
		return this.table.has(userId) || this.perUser.has(userId);
	}

	void clear() {
		this.table.clear();
		this.changes.clear();
		this.perUser.clear();
	}

}

package dev.memberships.membership;

import java.time.Duration;
import java.util.List;

import dev.memberships.membership.Memberships.Organization;
import dev.memberships.membership.Memberships.Structure;
import dev.memberships.membership.Memberships.UserGroup;
import dev.memberships.membership.cache.Stamped;

/**
 * The fresh entries of the three sources for one query.
 *
 * @param organizations the Auth0 organizations' entry
 * @param structures the EnOS structures' entry
 * @param userGroups the EnOS user groups' entry
 * @param freshFor how long the least fresh of them stays fresh
 */
record FreshEntries(Stamped<List<Organization>> organizations, Stamped<List<Structure>> structures,
		Stamped<List<UserGroup>> userGroups, Duration freshFor) {

	/** Whether these are the very entries of {@code other}: the same loads. */
	boolean sameEntries(FreshEntries other) {
		return this.organizations == other.organizations && this.structures == other.structures
				&& this.userGroups == other.userGroups;
	}

}

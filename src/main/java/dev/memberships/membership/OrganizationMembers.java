package dev.memberships.membership;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;

import dev.memberships.membership.Memberships.Organization;

/**
 * Which cached users belong to which Auth0 organization, so that a change to one
 * organization evicts exactly its cached members without walking the whole cache.
 * <p>
 * It follows the organizations cache: a user is added under each organization of a loaded
 * answer, and dropped from an organization once their entry has left the cache (the
 * cache's removal listener) unless the entry now in its place (a refresh, a new load)
 * still names that organization. So it holds at most one user id per organization of a
 * cached answer, bounded by the cache's {@code maximum-size}. Every change to one
 * organization's set happens inside one {@link ConcurrentMap#compute}, so an add and a
 * prune never lose each other.
 */
final class OrganizationMembers {

	private final ConcurrentMap<String, Set<String>> members = new ConcurrentHashMap<>();

	private final BiPredicate<String, String> stillCached;

	/**
	 * An index that asks the cache before it forgets.
	 * @param stillCached whether the cache may still hold the user (first) in the
	 * organization (second), a load under way counting as yes
	 */
	OrganizationMembers(BiPredicate<String, String> stillCached) {
		this.stillCached = stillCached;
	}

	/** A user's organizations were loaded and are about to be cached. */
	void loaded(String userId, List<Organization> organizations) {
		for (Organization organization : organizations) {
			this.members.compute(organization.id(), (id, users) -> {
				Set<String> present = (users != null) ? users : ConcurrentHashMap.newKeySet();
				present.add(userId);
				return present;
			});
		}
	}

	/** A user's cached organizations left the cache. */
	void removed(String userId, List<Organization> organizations) {
		for (Organization organization : organizations) {
			this.members.computeIfPresent(organization.id(), (id, users) -> {
				if (!this.stillCached.test(userId, id)) {
					users.remove(userId);
				}
				return users.isEmpty() ? null : users;
			});
		}
	}

	/** The users cached with the organization, a copy. */
	Set<String> of(String organizationId) {
		Set<String> users = this.members.get(organizationId);
		return (users != null) ? Set.copyOf(users) : Set.of();
	}

}

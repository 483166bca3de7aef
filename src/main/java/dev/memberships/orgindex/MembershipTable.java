package dev.memberships.orgindex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.memberships.auth0.Auth0Organization;
import org.jspecify.annotations.Nullable;

/**
 * Who belongs to which organization, both ways, with the organizations themselves. Reads
 * take no lock; changes are synchronized so that both directions and the count agree. A
 * user's organization ids are an immutable set replaced on change (users have few), an
 * organization's members a mutable set (an organization may have 100,000).
 */
final class MembershipTable {

	private final Map<String, Auth0Organization> organizations = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> organizationsOfUser = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> membersOfOrganization = new ConcurrentHashMap<>();

	private long memberships;

	/** Whether the user is in some organization here. */
	boolean has(String userId) {
		return this.organizationsOfUser.containsKey(userId);
	}

	/** The user's organizations, or {@code null} when the user is in none here. */
	@Nullable List<Auth0Organization> organizationsOf(String userId) {
		Set<String> ids = this.organizationsOfUser.get(userId);
		if (ids == null) {
			return null;
		}
		List<Auth0Organization> found = new ArrayList<>(ids.size());
		for (String id : ids) {
			Auth0Organization organization = this.organizations.get(id);
			if (organization != null) {
				found.add(organization);
			}
		}
		return List.copyOf(found);
	}

	Optional<Auth0Organization> organization(String organizationId) {
		return Optional.ofNullable(this.organizations.get(organizationId));
	}

	void putOrganization(Auth0Organization organization) {
		this.organizations.put(organization.id(), organization);
	}

	Set<String> organizationIds() {
		return Set.copyOf(this.organizations.keySet());
	}

	Set<String> membersOf(String organizationId) {
		Set<String> members = this.membersOfOrganization.get(organizationId);
		return (members != null) ? Set.copyOf(members) : Set.of();
	}

	Set<String> organizationIdsOf(String userId) {
		return this.organizationsOfUser.getOrDefault(userId, Set.of());
	}

	synchronized void add(String organizationId, String userId) {
		Set<String> members = this.membersOfOrganization.computeIfAbsent(organizationId,
				(id) -> ConcurrentHashMap.newKeySet());
		if (members.add(userId)) {
			this.memberships++;
			this.organizationsOfUser.compute(userId, (id, ids) -> with(ids, organizationId));
		}
	}

	synchronized void remove(String organizationId, String userId) {
		Set<String> members = this.membersOfOrganization.get(organizationId);
		if (members != null && members.remove(userId)) {
			this.memberships--;
			this.organizationsOfUser.computeIfPresent(userId, (id, ids) -> without(ids, organizationId));
		}
	}

	/** Drops an organization and its memberships; returns its members. */
	synchronized Set<String> removeOrganization(String organizationId) {
		Set<String> members = membersOf(organizationId);
		members.forEach((userId) -> remove(organizationId, userId));
		this.membersOfOrganization.remove(organizationId);
		this.organizations.remove(organizationId);
		return members;
	}

	/** Drops a user's memberships; returns the organizations the user was in. */
	synchronized Set<String> removeUser(String userId) {
		Set<String> organizationIds = organizationIdsOf(userId);
		organizationIds.forEach((organizationId) -> remove(organizationId, userId));
		return organizationIds;
	}

	synchronized void clear() {
		this.organizations.clear();
		this.organizationsOfUser.clear();
		this.membersOfOrganization.clear();
		this.memberships = 0;
	}

	synchronized long memberships() {
		return this.memberships;
	}

	int users() {
		return this.organizationsOfUser.size();
	}

	int organizations() {
		return this.organizations.size();
	}

	private static @Nullable Set<String> with(@Nullable Set<String> ids, String id) {
		if (ids == null) {
			return Set.of(id);
		}
		Set<String> changed = new java.util.HashSet<>(ids);
		changed.add(id);
		return Set.copyOf(changed);
	}

	private static @Nullable Set<String> without(Set<String> ids, String id) {
		Set<String> changed = new java.util.HashSet<>(ids);
		changed.remove(id);
		return changed.isEmpty() ? null : Set.copyOf(changed);
	}

}

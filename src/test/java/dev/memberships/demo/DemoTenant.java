package dev.memberships.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import dev.memberships.demo.DemoData.Organization;

/**
 * The demo Auth0 tenant: its organizations, their members, and the users it knows,
 * changeable while the upstreams run, so that a benchmark can add or remove a member and
 * then post the matching event, or not. Seeded with the named sample users of
 * {@link DemoData}; generated {@code bench|*} users outside it keep their generated
 * organizations, which no list names. Lists are kept sorted by id, so that a checkpoint
 * (the last id read) only goes forward, as Auth0's {@code next} does.
 */
public final class DemoTenant {

	private final NavigableMap<String, Organization> organizations = new TreeMap<>();

	private final Map<String, NavigableSet<String>> members = new HashMap<>();

	/** Every user the tenant knows, with the organizations it is in (maybe none). */
	private final Map<String, Set<String>> users = new HashMap<>();

	DemoTenant() {
		DemoData.sampleOrganizations().forEach((userId, organizations) -> {
			addUser(userId);
			organizations.forEach((organization) -> {
				addOrganization(organization);
				addMember(organization.id(), userId);
			});
		});
	}

	/**
	 * Forgets every organization and user, the named samples too: a tenant to build anew.
	 */
	public synchronized void clear() {
		this.organizations.clear();
		this.members.clear();
		this.users.clear();
	}

	/**
	 * Adds an organization without metadata beyond {@code tier}, or replaces one.
	 * @param id e.g. {@code org_bench_7}
	 */
	public void addOrganization(String id) {
		addOrganization(new Organization(id, id.replace('_', '-'), "Organization " + id, null, Map.of("tier", "gold")));
	}

	synchronized void addOrganization(Organization organization) {
		this.organizations.put(organization.id(), organization);
		this.members.computeIfAbsent(organization.id(), (id) -> new TreeSet<>());
	}

	/** Makes the tenant know a user, in no organization unless added to one. */
	public synchronized void addUser(String userId) {
		// In the order joined, as Auth0 lists a user's organizations.
		this.users.computeIfAbsent(userId, (id) -> new LinkedHashSet<>());
	}

	/**
	 * Adds a user to an organization (and to the tenant if new).
	 * @throws IllegalArgumentException when the organization does not exist
	 */
	public synchronized void addMember(String organizationId, String userId) {
		NavigableSet<String> members = this.members.get(organizationId);
		if (members == null) {
			throw new IllegalArgumentException("No organization " + organizationId);
		}
		members.add(userId);
		addUser(userId);
		this.users.get(userId).add(organizationId);
	}

	/** Removes a user from an organization; the user stays known. */
	public synchronized void removeMember(String organizationId, String userId) {
		NavigableSet<String> members = this.members.get(organizationId);
		if (members != null) {
			members.remove(userId);
		}
		Set<String> organizations = this.users.get(userId);
		if (organizations != null) {
			organizations.remove(organizationId);
		}
	}

	/** The user's organizations, or empty when the tenant does not know the user. */
	public synchronized Optional<List<Organization>> organizationsOf(String userId) {
		Set<String> ids = this.users.get(userId);
		return (ids != null) ? Optional.of(ids.stream().map(this.organizations::get).toList()) : Optional.empty();
	}

	synchronized Optional<Organization> organization(String id) {
		return Optional.ofNullable(this.organizations.get(id));
	}

	/** A page of organizations after the checkpoint {@code from} (null: the first). */
	synchronized Page<Organization> organizations(String from, int take) {
		return page(this.organizations.navigableKeySet(), from, take, this.organizations::get);
	}

	/** All organizations, for offset pagination. */
	synchronized List<Organization> allOrganizations() {
		return List.copyOf(this.organizations.values());
	}

	/** A page of an organization's member ids, or empty when it does not exist. */
	synchronized Optional<Page<String>> members(String organizationId, String from, int take) {
		NavigableSet<String> members = this.members.get(organizationId);
		return (members != null) ? Optional.of(page(members, from, take, Function.identity())) : Optional.empty();
	}

	private static <T> Page<T> page(NavigableSet<String> ids, String from, int take, Function<String, T> item) {
		NavigableSet<String> rest = (from != null) ? ids.tailSet(checkpointId(from), false) : ids;
		List<T> items = new ArrayList<>();
		String last = null;
		for (String id : rest) {
			if (items.size() == take) {
				break;
			}
			items.add(item.apply(id));
			last = id;
		}
		boolean more = last != null && ids.higher(last) != null;
		return new Page<>(items, more ? checkpoint(last) : null);
	}

	// Opaque to the client, as Auth0's: the last id read, base64url-encoded.
	private static String checkpoint(String lastId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The last id a checkpoint names; "" for none (the first page).
	 * @throws IllegalArgumentException when it is no checkpoint these lists give
	 */
	static String checkpointId(String from) {
		return (from != null) ? new String(Base64.getUrlDecoder().decode(from), StandardCharsets.UTF_8) : "";
	}

	/**
	 * One checkpoint page.
	 *
	 * @param items the page's items
	 * @param next the checkpoint of the next page, or null on the last page
	 */
	record Page<T>(List<T> items, String next) {
	}

}

package dev.memberships.bench;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

/**
 * The tenant the index's measurements fill the index with, in the heap and in Redis alike,
 * so that their bytes per membership compare: {@code users} users spread over
 * {@code organizations} organizations, each user in two, with ids of Auth0's length.
 *
 * @param organizations how many organizations
 * @param users how many users
 */
public record SyntheticTenant(int organizations, int users) {

	/** The members of organization {@code o}. */
	public Set<String> members(int o) {
		Set<String> members = new HashSet<>();
		for (int u = o; u < this.users; u += this.organizations) {
			members.add(userId(u));
			members.add(userId((u + 1) % this.users));
		}
		return members;
	}

	/** Organization {@code o}, with a name, a display name and one metadata entry. */
	public Auth0Organization organization(int o) {
		String id = "org_" + Long.toHexString(0x5a1b2c3d4e5fL + o);
		return new Auth0Organization(id, "acme-" + o, "Acme Plant " + o, Map.of("region", "eu-central"));
	}

	public static String userId(int i) {
		return "auth0|64f1c2a9b7e3d4" + String.format("%010d", i);
	}

}

package dev.memberships.membership;

import java.util.List;
import java.util.Map;

import dev.memberships.membership.cache.SourceStatus;
import org.jspecify.annotations.Nullable;

/**
 * The answer: what the user belongs to, and how complete that is. Field names are a
 * contract with our callers.
 *
 * @param userId the user asked about
 * @param organizationId the EnOS OU the structures and groups belong to
 * @param organizations the user's Auth0 organizations
 * @param structures the user's EnOS organization structures
 * @param userGroups the user's EnOS user groups
 * @param sources per source, whether its list is fresh, stale or missing
 * @param complete {@code true} when no source is missing
 */
public record Memberships(String userId, String organizationId, List<Organization> organizations,
		List<Structure> structures, List<UserGroup> userGroups, Sources sources,
		boolean complete) implements BatchResult.Entry {

	/** An Auth0 organization. */
	public record Organization(String id, String name, @Nullable String displayName, Map<String, String> metadata) {
	}

	/** An EnOS organization structure. */
	public record Structure(String id, String name) {
	}

	/** An EnOS user group. */
	public record UserGroup(String id, String name) {
	}

	/** The status of each source, by the name of the list it fills. */
	public record Sources(SourceStatus organizations, SourceStatus structures, SourceStatus userGroups) {
	}

}

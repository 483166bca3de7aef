package dev.memberships.enos;

import java.util.List;
import java.util.Map;

/**
 * What one EnOS batch call answered: for each user, the structures or groups assigned to
 * them, names resolved. A user the answer does not mention has none.
 */
public record EnosAssignments(Map<String, List<EnosItem>> byUser) {

	public EnosAssignments {
		byUser = Map.copyOf(byUser);
	}

	public List<EnosItem> of(String userId) {
		return this.byUser.getOrDefault(userId, List.of());
	}

	/** A structure or user group: its id and display name. */
	public record EnosItem(String id, String name) {
	}

}

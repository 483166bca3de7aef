package dev.memberships.enos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.memberships.enos.EnosAssignments.EnosItem;

/**
 * The {@code data} of the two batch answers. Both have the same shape under different
 * names, which user has which ids and the names of those ids, so both are resolved into
 * {@link EnosAssignments} by one method.
 */
final class EnosData {

	private EnosData() {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Structures(List<UserStructures> usersUserStructures, List<Named> userStructures) {

		EnosAssignments toAssignments() {
			return resolve(this.usersUserStructures, UserStructures::userId, UserStructures::structureIds,
					this.userStructures);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record UserStructures(String userId, List<String> structureIds) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Groups(List<UserGroups> usersUserGroups, List<Named> userGroups) {

		EnosAssignments toAssignments() {
			return resolve(this.usersUserGroups, UserGroups::userId, UserGroups::userGroupIds, this.userGroups);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record UserGroups(String userId, List<String> userGroupIds) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Named(String id, String name) {

	}

	/**
	 * Each user's ids with their names. An id the answer gives no name for is named by
	 * itself, so it is still shown; entries without a user or an id are skipped, as there
	 * is nothing to attach them to.
	 */
	static <U> EnosAssignments resolve(List<U> users, Function<U, String> userId, Function<U, List<String>> ids,
			List<Named> named) {
		Map<String, String> names = new HashMap<>();
		for (Named item : orEmpty(named)) {
			if (item != null && item.id() != null && item.name() != null) {
				names.putIfAbsent(item.id(), item.name());
			}
		}
		Map<String, List<EnosItem>> byUser = new LinkedHashMap<>();
		for (U user : orEmpty(users)) {
			if (user == null || userId.apply(user) == null) {
				continue;
			}
			List<EnosItem> items = byUser.computeIfAbsent(userId.apply(user), (key) -> new ArrayList<>());
			for (String id : orEmpty(ids.apply(user))) {
				if (id != null) {
					items.add(new EnosItem(id, names.getOrDefault(id, id)));
				}
			}
		}
		byUser.replaceAll((user, items) -> List.copyOf(items));
		return new EnosAssignments(byUser);
	}

	private static <T> List<T> orEmpty(List<T> list) {
		return (list != null) ? list : List.of();
	}

}

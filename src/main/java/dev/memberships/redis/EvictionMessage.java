package dev.memberships.redis;

import org.jspecify.annotations.Nullable;

/**
 * One eviction as it travels between instances: its kind and an id, as text
 * ({@code user:auth0|42}).
 *
 * @param kind what is forgotten
 * @param id the user or organization id; empty for {@link Kind#ALL}
 */
record EvictionMessage(Kind kind, String id) {

	static EvictionMessage user(String userId) {
		return new EvictionMessage(Kind.USER, userId);
	}

	static EvictionMessage organizationsOf(String userId) {
		return new EvictionMessage(Kind.ORGANIZATIONS_OF, userId);
	}

	static EvictionMessage organizationsStale(String userId) {
		return new EvictionMessage(Kind.ORGANIZATIONS_STALE, userId);
	}

	static EvictionMessage organizationMembers(String organizationId) {
		return new EvictionMessage(Kind.ORGANIZATION_MEMBERS, organizationId);
	}

	static EvictionMessage all() {
		return new EvictionMessage(Kind.ALL, "");
	}

	String text() {
		return this.kind.name() + ":" + this.id;
	}

	/**
	 * The message a text holds, or {@code null} when it holds none this version knows.
	 */
	static @Nullable EvictionMessage parse(String text) {
		int colon = text.indexOf(':');
		if (colon < 0) {
			return null;
		}
		try {
			return new EvictionMessage(Kind.valueOf(text.substring(0, colon)), text.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	enum Kind {

		USER, ORGANIZATIONS_OF, ORGANIZATIONS_STALE,

		/** Makes the organizations of an organization's members stale. */
		ORGANIZATION_MEMBERS,

		ALL

	}

}

package dev.memberships.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The Auth0 event types that change an answer, and what each evicts. Roles do not show in
 * an answer; role events still evict, since the member's organization list is read with
 * them and an eviction costs one Auth0 call at most.
 */
enum Auth0EventType {

	MEMBER_ADDED("organization.member.added", Target.USER),

	MEMBER_DELETED("organization.member.deleted", Target.USER),

	MEMBER_ROLE_ASSIGNED("organization.member.role.assigned", Target.USER),

	MEMBER_ROLE_DELETED("organization.member.role.deleted", Target.USER),

	USER_UPDATED("user.updated", Target.USER),

	USER_DELETED("user.deleted", Target.USER),

	// Nothing cached to evict; the organization index learns of it.
	ORGANIZATION_CREATED("organization.created", Target.ORGANIZATION),

	ORGANIZATION_UPDATED("organization.updated", Target.ORGANIZATION),

	ORGANIZATION_DELETED("organization.deleted", Target.ORGANIZATION);

	private static final Map<String, Auth0EventType> BY_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(Auth0EventType::typeName, Function.identity()));

	private final String typeName;

	private final Target target;

	Auth0EventType(String typeName, Target target) {
		this.typeName = typeName;
		this.target = target;
	}

	/** The CloudEvents {@code type}, also the metrics tag. */
	String typeName() {
		return this.typeName;
	}

	Target target() {
		return this.target;
	}

	/** The type of that name, or {@code null} for any other type. */
	static @Nullable Auth0EventType of(String typeName) {
		return BY_NAME.get(typeName);
	}

	/** What an event of a type evicts. */
	enum Target {

		/** The user's Auth0 organizations: needs the user id. */
		USER,

		/** The Auth0 organizations of every cached member: needs the organization id. */
		ORGANIZATION

	}

}

package dev.memberships.orgindex;

import java.time.Instant;

import dev.memberships.auth0.Auth0Organization;
import org.jspecify.annotations.Nullable;

/**
 * One change event as the index applies it, and as it travels to the other replicas: with
 * the organization the receiving pod read or knew, so that an added member's organization
 * is read once for the fleet.
 *
 * @param type the CloudEvents type, e.g. {@code organization.member.added}
 * @param time when the change happened (arrival when the event did not say)
 * @param userId the user the event names, if any
 * @param organizationId the organization the event names, if any
 * @param organization the organization, for the types that need it
 */
public record IndexChange(String type, Instant time, @Nullable String userId, @Nullable String organizationId,
		@Nullable Auth0Organization organization) {

	static final String MEMBER_ADDED = "organization.member.added";

	static final String MEMBER_DELETED = "organization.member.deleted";

	static final String ORGANIZATION_CREATED = "organization.created";

	static final String ORGANIZATION_UPDATED = "organization.updated";

	static final String ORGANIZATION_DELETED = "organization.deleted";

	static final String USER_DELETED = "user.deleted";

	IndexChange with(Auth0Organization read) {
		return new IndexChange(this.type, this.time, this.userId, this.organizationId, read);
	}

	/**
	 * Applies the change by the index's rules (the latest per organization and user
	 * wins).
	 * @return whether it is a change of a type the index knows, with what that type needs
	 */
	boolean applyTo(EventRules rules) {
		String user = this.userId;
		String organizationId = this.organizationId;
		Auth0Organization read = this.organization;
		switch (this.type) {
			case MEMBER_ADDED -> {
				if (user == null || read == null) {
					return false;
				}
				rules.memberAdded(read, user, this.time);
			}
			case MEMBER_DELETED -> {
				if (user == null || organizationId == null) {
					return false;
				}
				rules.memberDeleted(organizationId, user, this.time);
			}
			case ORGANIZATION_CREATED, ORGANIZATION_UPDATED -> {
				if (read == null) {
					return false;
				}
				rules.organizationChanged(read, this.time);
			}
			case ORGANIZATION_DELETED -> {
				if (organizationId == null) {
					return false;
				}
				rules.organizationDeleted(organizationId, this.time);
			}
			case USER_DELETED -> {
				if (user == null) {
					return false;
				}
				rules.userDeleted(user, this.time);
			}
			default -> {
				return false;
			}
		}
		return true;
	}

}

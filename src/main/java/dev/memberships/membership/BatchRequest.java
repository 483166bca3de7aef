package dev.memberships.membership;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /memberships/batch}: the memberships of many users of one OU.
 *
 * @param userIds 1 to 1,000 user ids; duplicates are answered once
 * @param organizationId the EnOS OU; the configured one when absent
 * @param locale language of structure names; {@code en_US} when absent
 */
record BatchRequest(@Nullable List<@Nullable String> userIds, @Nullable String organizationId,
		@Nullable String locale) {
}

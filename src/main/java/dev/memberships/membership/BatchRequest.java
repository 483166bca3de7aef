package dev.memberships.membership;

import java.util.List;

/**
 * {@code POST /memberships/batch}: the memberships of many users of one OU.
 *
 * @param userIds 1 to 1,000 user ids; duplicates are answered once
 * @param organizationId the EnOS OU; the configured one when absent
 * @param locale language of structure names; {@code en_US} when absent
 */
record BatchRequest(List<String> userIds, String organizationId, String locale) {
}

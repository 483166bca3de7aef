package dev.memberships.membership;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /memberships/batch}: the memberships of many users of one OU.
 *
 * @param userIds 1 to 1,000 user ids (at most {@code memberships.batching.max-users},
 * which cannot exceed 1,000); duplicates are answered once
 * @param organizationId the EnOS OU; the configured one when absent
 * @param locale language of structure names; {@code en_US} when absent
 */
// @formatter:off (the formatter would write "){" after the locale's array of values)
record BatchRequest(
		@ArraySchema(minItems = 1, maxItems = 1000, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED),
				schema = @Schema(minLength = 1, maxLength = MembershipQuery.MAX_USER_ID_LENGTH,
						pattern = MembershipsApi.USER_ID)) @Nullable List<@Nullable String> userIds,
		@Schema(minLength = 1, maxLength = 64,
				pattern = MembershipsApi.ORGANIZATION_ID) @Nullable String organizationId,
		@Schema(allowableValues = { "en_US", "zh_CN", "es_ES", "ja_JP", "de_DE", "pl_PL" },
				defaultValue = MembershipQuery.DEFAULT_LOCALE) @Nullable String locale) {
// @formatter:on

	// The annotations tell the API description the limits MembershipsBatchService
	// enforces; the locales are MembershipQuery.LOCALES.

}

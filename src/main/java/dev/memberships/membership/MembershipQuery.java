package dev.memberships.membership;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A validated question: whose memberships, in which OU, with names in which language.
 *
 * @param userId the user id as the caller gave it (any character but controls is valid)
 * @param organizationId the EnOS OU
 * @param locale the EnOS locale for structure names
 */
record MembershipQuery(String userId, String organizationId, String locale) {

	/** The longest user id accepted; Auth0 ids are far shorter. */
	static final int MAX_USER_ID_LENGTH = 256;

	/** The locales EnOS serves names in. */
	static final List<String> LOCALES = List.of("en_US", "zh_CN", "es_ES", "ja_JP", "de_DE", "pl_PL");

	static final String DEFAULT_LOCALE = "en_US";

	private static final Pattern ORGANIZATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/**
	 * Validates the raw parameters, filling in defaults.
	 * @throws InvalidParameterException naming the first parameter that is not valid
	 */
	static MembershipQuery of(@Nullable String userId, @Nullable String organizationId, @Nullable String locale,
			String defaultOrganizationId) {
		String id = checkedUserId(userId);
		String ou = (organizationId != null) ? organizationId : defaultOrganizationId;
		if (!ORGANIZATION_ID.matcher(ou).matches()) {
			throw new InvalidParameterException("organizationId", "must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		String effectiveLocale = (locale != null) ? locale : DEFAULT_LOCALE;
		if (!LOCALES.contains(effectiveLocale)) {
			throw new InvalidParameterException("locale", "must be one of " + String.join(", ", LOCALES));
		}
		return new MembershipQuery(id, ou, effectiveLocale);
	}

	private static String checkedUserId(@Nullable String userId) {
		if (userId == null || userId.isBlank()) {
			throw new InvalidParameterException("userId", "must not be empty");
		}
		if (userId.length() > MAX_USER_ID_LENGTH) {
			throw new InvalidParameterException("userId", "must be at most " + MAX_USER_ID_LENGTH + " characters");
		}
		if (userId.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidParameterException("userId", "must not contain control characters");
		}
		return userId;
	}

}

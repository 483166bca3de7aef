package dev.memberships.membership;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MembershipQueryTests {

	@Test
	void ofWhenOptionalParametersMissingShouldUseDefaults() {
		MembershipQuery query = MembershipQuery.of("auth0|42", null, null, "ou_main");
		assertThat(query).isEqualTo(new MembershipQuery("auth0|42", "ou_main", "en_US"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "auth0|42", "adfs|john/doe", "a?b#c%d e", "ünï|çødé", "google-oauth2|1035" })
	void ofWhenUserIdHasAnyPrintableCharacterShouldAcceptIt(String userId) {
		assertThat(MembershipQuery.of(userId, "ou_1", "zh_CN", "ou_main").userId()).isEqualTo(userId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "auth0|4\n2", "auth0|\u0000", "a\u007f", "\u0085x" })
	void ofWhenUserIdEmptyOrHasControlCharactersShouldNameUserId(String userId) {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> MembershipQuery.of(userId, null, null, "ou_main"))
			.satisfies((ex) -> assertThat(ex.getBody().getProperties()).containsEntry("parameter", "userId"));
	}

	@Test
	void ofWhenUserIdTooLongShouldNameUserId() {
		String userId = "a".repeat(MembershipQuery.MAX_USER_ID_LENGTH + 1);
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> MembershipQuery.of(userId, null, null, "ou_main"))
			.withMessageContaining("256");
		assertThat(MembershipQuery.of(userId.substring(1), null, null, "ou_main").userId()).hasSize(256);
	}

	@ParameterizedTest
	@ValueSource(strings = { "en-US", "fr_FR", "EN_US", "" })
	void ofWhenLocaleUnknownShouldNameLocale(String locale) {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> MembershipQuery.of("auth0|42", null, locale, "ou_main"))
			.satisfies((ex) -> assertThat(ex.getBody().getProperties()).containsEntry("parameter", "locale"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ou/1", "ou 1", "../x", "ou%2F1" })
	void ofWhenOrganizationIdMalformedShouldNameOrganizationId(String organizationId) {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> MembershipQuery.of("auth0|42", organizationId, null, "ou_main"))
			.satisfies((ex) -> assertThat(ex.getBody().getProperties()).containsEntry("parameter", "organizationId"));
	}

}

package dev.memberships.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication: which tokens the API accepts. Every refusal is a 401 with an RFC 6750
 * challenge and a problem+json body that quotes nothing of the token.
 */
class TokenValidationTests extends SecuredServiceTestSupport {

	private static final String ALICE = "auth0|alice";

	private static final String PATH = "/users/auth0%7Calice/memberships";

	@Test
	void requestWithoutTokenShouldBeUnauthorizedWithBearerChallenge() throws Exception {
		HttpResponse<String> response = get(PATH, null);
		JsonNode problem = assertProblem(response, 401, "/problems/unauthorized");
		assertThat(problem.at("/title").asString()).isEqualTo("Unauthorized");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="));
	}

	@Test
	void requestWithValidTokenShouldBeAnswered() throws Exception {
		assertThat(get(PATH, TestTokens.user(ALICE)).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWithTokenThatIsNotAJwtShouldBeUnauthorized() throws Exception {
		assertInvalidToken("not-a-jwt");
		assertInvalidToken("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHxhbGljZSJ9.c2lnbmF0dXJl");
	}

	@Test
	void requestWithUnsignedTokenShouldBeUnauthorized() throws Exception {
		assertInvalidToken(TestTokens.unsigned(ALICE));
	}

	@Test
	void requestWithTokenHmacSignedWithThePublicKeyShouldBeUnauthorized() throws Exception {
		assertInvalidToken(TestTokens.hmacSignedWithPublicKey(ALICE));
	}

	@Test
	void requestWithTokenSignedByAnotherKeyShouldBeUnauthorized() throws Exception {
		assertInvalidToken(TestTokens.signedByAnotherKey(ALICE));
	}

	@Test
	void requestWithTokenOfAnAlgorithmNotConfiguredShouldBeUnauthorized() throws Exception {
		// RS512 with the trusted key: a good signature, but only RS256 is accepted.
		assertInvalidToken(TestTokens.token(
				new JWSHeader.Builder(JWSAlgorithm.RS512).keyID("test-key").type(JOSEObjectType.JWT).build(),
				(claims) -> claims.subject(ALICE)));
	}

	@Test
	void requestWithTokenExpiredBeyondClockSkewShouldBeUnauthorized() throws Exception {
		Instant now = Instant.now();
		String token = TestTokens.token((claims) -> claims.subject(ALICE)
			.issueTime(Date.from(now.minus(Duration.ofHours(1))))
			.expirationTime(Date.from(now.minus(Duration.ofMinutes(2)))));
		HttpResponse<String> response = assertInvalidToken(token);
		assertThat(this.json.readTree(response.body()).at("/detail").asString()).contains("expired");
	}

	@Test
	void requestWithTokenExpiredWithinClockSkewShouldBeAnswered() throws Exception {
		Instant now = Instant.now();
		String token = TestTokens.token((claims) -> claims.subject(ALICE)
			.issueTime(Date.from(now.minus(Duration.ofHours(1))))
			.expirationTime(Date.from(now.minusSeconds(5))));
		HttpResponse<String> response = get(PATH, token);
		assertThat(response.statusCode()).as(response.headers().map().toString()).isEqualTo(200);
	}

	@Test
	void requestWithTokenNotYetValidShouldBeUnauthorized() throws Exception {
		assertInvalidToken(TestTokens.token(
				(claims) -> claims.subject(ALICE).notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))));
	}

	@Test
	void requestWithTokenWithoutExpiryShouldBeUnauthorized() throws Exception {
		assertInvalidToken(TestTokens.token((claims) -> claims.subject(ALICE).expirationTime(null)));
	}

	@Test
	void requestWithTokenOfAnotherIssuerShouldBeUnauthorized() throws Exception {
		HttpResponse<String> response = assertInvalidToken(
				TestTokens.token((claims) -> claims.subject(ALICE).issuer("https://attacker.eu.auth0.com/")));
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).contains("error=\"invalid_token\"").contains("iss"));
	}

	@Test
	void requestWithValidTokenForAnotherAudienceShouldBeUnauthorized() throws Exception {
		// Same tenant, same key, a scope that would allow everything: for another API.
		String token = TestTokens.token((claims) -> claims.subject(TestTokens.SERVICE)
			.audience(List.of("https://billing.test/api"))
			.claim("scope", TestTokens.SERVICE_SCOPE));
		HttpResponse<String> response = assertInvalidToken(token);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("aud"));
		assertInvalidToken(TestTokens.token((claims) -> claims.subject(ALICE).audience((String) null)));
	}

	@Test
	void requestWithTokenAmongSeveralAudiencesShouldBeAnswered() throws Exception {
		String token = TestTokens.token((claims) -> claims.subject(ALICE)
			.audience(List.of(TestTokens.AUDIENCE, "https://memberships-test.eu.auth0.com/userinfo")));
		assertThat(get(PATH, token).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWithAccessTokenTypeShouldBeAnsweredAndOtherTypesRefused() throws Exception {
		String accessToken = TestTokens.token(TestTokens.header().type(new JOSEObjectType("at+jwt")).build(),
				(claims) -> claims.subject(ALICE));
		assertThat(get(PATH, accessToken).statusCode()).isEqualTo(200);
		assertInvalidToken(TestTokens.token(TestTokens.header().type(new JOSEObjectType("dpop+jwt")).build(),
				(claims) -> claims.subject(ALICE)));
	}

	@Test
	void tokenInQueryParameterShouldNotAuthenticate() throws Exception {
		HttpResponse<String> response = get(PATH + "?access_token=" + TestTokens.user(ALICE), null);
		assertProblem(response, 401, "/problems/unauthorized");
	}

	@Test
	void requestWithMalformedBearerHeaderShouldBeUnauthorized() throws Exception {
		for (String header : new String[] { "Bearer", "Bearer ", "Bearer two tokens", "Bearer \"quoted\"" }) {
			HttpResponse<String> response = send(api(PATH).header("Authorization", header));
			assertProblem(response, 401, "/problems/unauthorized");
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(header)
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		}
	}

	@Test
	void requestWithBasicCredentialsShouldBeUnauthorized() throws Exception {
		HttpResponse<String> response = send(api(PATH).header("Authorization", "Basic dXNlcjpwYXNzd29yZA=="));
		assertProblem(response, 401, "/problems/unauthorized");
	}

	private HttpResponse<String> assertInvalidToken(String token) throws Exception {
		HttpResponse<String> response = get(PATH, token);
		assertProblem(response, 401, "/problems/unauthorized");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer ")
				.contains("error=\"invalid_token\"")
				.doesNotContain(token));
		assertThat(response.body()).doesNotContain(token);
		for (String part : token.split("\\.")) {
			if (part.length() > 8) {
				assertThat(response.body()).doesNotContain(part);
				assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).doesNotContain(part);
			}
		}
		return response;
	}

}

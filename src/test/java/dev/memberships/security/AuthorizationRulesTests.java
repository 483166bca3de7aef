package dev.memberships.security;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization (OWASP API1): a user reads only themself, by the exact decoded id; a
 * service with the service scope reads anyone and may call the batch endpoint; nothing
 * else opens the API.
 */
class AuthorizationRulesTests extends SecuredServiceTestSupport {

	private static final String ALICE = "auth0|alice";

	@Test
	void userShouldReadTheirOwnMemberships() throws Exception {
		HttpResponse<String> response = get("/users/auth0%7Calice/memberships", TestTokens.user(ALICE));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/userId").asString()).isEqualTo(ALICE);
	}

	@Test
	void userReadingAnotherUserShouldBeForbiddenWithoutAskingUpstreams() throws Exception {
		String unique = UUID.randomUUID().toString();
		HttpResponse<String> response = get("/users/auth0%7Cbob-" + unique + "/memberships", TestTokens.user(ALICE));
		assertForbidden(response);
		assertThat(SecurityTestUpstreams.serveEvents())
			.noneMatch((event) -> event.getRequest().getUrl().contains(unique)
					|| event.getRequest().getBodyAsString().contains(unique));
		// The same request from a service does reach them: the check above can fail.
		assertThat(get("/users/auth0%7Cbob-" + unique + "/memberships", TestTokens.service()).statusCode())
			.isEqualTo(200);
		assertThat(SecurityTestUpstreams.serveEvents())
			.anyMatch((event) -> event.getRequest().getUrl().contains(unique));
	}

	@Test
	void userIdDifferingOnlyByCaseShouldBeAnotherUser() throws Exception {
		assertForbidden(get("/users/AUTH0%7Calice/memberships", TestTokens.user(ALICE)));
		assertForbidden(get("/users/auth0%7CAlice/memberships", TestTokens.user(ALICE)));
		assertForbidden(get("/users/auth0%7Calice/memberships", TestTokens.user("AUTH0|ALICE")));
	}

	@Test
	void userIdShouldBeComparedDecoded() throws Exception {
		// %7C and %7c are both '|': the same user as the token's sub.
		assertThat(get("/users/auth0%7Calice/memberships", TestTokens.user(ALICE)).statusCode()).isEqualTo(200);
		assertThat(get("/users/auth0%7calice/memberships", TestTokens.user(ALICE)).statusCode()).isEqualTo(200);
		// A sub that literally reads "auth0%7Calice" is not auth0|alice ...
		String literal = TestTokens.user("auth0%7Calice");
		assertForbidden(get("/users/auth0%7Calice/memberships", literal));
		// ... it is the user whose id is sent as auth0%257Calice.
		HttpResponse<String> own = get("/users/auth0%257Calice/memberships", literal);
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(own.body()).at("/userId").asString()).isEqualTo("auth0%7Calice");
	}

	@Test
	void userIdWithEncodedSlashShouldBeOneSegmentComparedWhole() throws Exception {
		String token = TestTokens.user("adfs|john/doe");
		assertThat(get("/users/adfs%7Cjohn%2Fdoe/memberships", token).statusCode()).isEqualTo(200);
		assertForbidden(get("/users/adfs%7Cjohn/memberships", token));
		assertForbidden(get("/users/adfs%7Cjohn%2Fdoe%2F..%2Fbob/memberships", token));
	}

	@Test
	void userIdInAnotherUnicodeFormShouldBeAnotherUser() throws Exception {
		String composed = Normalizer.normalize("auth0|zoë", Normalizer.Form.NFC);
		String decomposed = Normalizer.normalize("auth0|zoë", Normalizer.Form.NFD);
		assertThat(get("/users/" + encode(composed) + "/memberships", TestTokens.user(composed)).statusCode())
			.isEqualTo(200);
		assertForbidden(get("/users/" + encode(decomposed) + "/memberships", TestTokens.user(composed)));
	}

	@Test
	void serviceShouldReadAnyUser() throws Exception {
		assertThat(get("/users/auth0%7Cbob/memberships", TestTokens.service()).statusCode()).isEqualTo(200);
		assertThat(get("/users/google-oauth2%7C1234/memberships", TestTokens.service()).statusCode()).isEqualTo(200);
	}

	@Test
	void serviceScopeShouldBeReadFromAuth0PermissionsAndScopeLists() throws Exception {
		String permissions = TestTokens.token((claims) -> claims.subject(TestTokens.SERVICE)
			.claim("permissions", List.of("read:organizations", TestTokens.SERVICE_SCOPE)));
		assertThat(get("/users/auth0%7Cbob/memberships", permissions).statusCode()).isEqualTo(200);
		String scopeList = TestTokens
			.token((claims) -> claims.subject(TestTokens.SERVICE).claim("scp", List.of(TestTokens.SERVICE_SCOPE)));
		assertThat(get("/users/auth0%7Cbob/memberships", scopeList).statusCode()).isEqualTo(200);
		String amongOthers = TestTokens.token((claims) -> claims.subject(TestTokens.SERVICE)
			.claim("scope", "openid profile " + TestTokens.SERVICE_SCOPE + " email"));
		assertThat(get("/users/auth0%7Cbob/memberships", amongOthers).statusCode()).isEqualTo(200);
	}

	@Test
	void scopesThatOnlyLookLikeTheServiceScopeShouldBeForbidden() throws Exception {
		for (String scope : List.of("read:membership", "READ:MEMBERSHIPS", "read:memberships:self",
				"read:memberships,admin", "xread:memberships", TestTokens.ADMIN_SCOPE)) {
			String token = TestTokens.token((claims) -> claims.subject(TestTokens.SERVICE).claim("scope", scope));
			assertForbidden(get("/users/auth0%7Cbob/memberships", token));
		}
		String inAnotherClaim = TestTokens
			.token((claims) -> claims.subject(TestTokens.SERVICE).claim("roles", List.of(TestTokens.SERVICE_SCOPE)));
		assertForbidden(get("/users/auth0%7Cbob/memberships", inAnotherClaim));
	}

	@Test
	void batchShouldNeedTheServiceScope() throws Exception {
		assertProblem(send(batch("[\"auth0|alice\"]", null)), 401, "/problems/unauthorized");
		assertForbidden(send(batch("[\"auth0|alice\"]", TestTokens.user(ALICE))));
		assertForbidden(send(batch("[\"auth0|alice\"]", TestTokens.admin())));
		// Allowed through: whatever the endpoint answers, it is not a refusal of ours.
		HttpResponse<String> allowed = send(batch("[\"auth0|alice\"]", TestTokens.service()));
		assertThat(allowed.statusCode()).isNotIn(401, 403, 413).isLessThan(500);
	}

	@Test
	void batchBodyOverTheLimitShouldBeContentTooLarge() throws Exception {
		int limit = 64 * 1024;
		HttpResponse<String> declared = send(batch("x".repeat(limit + 1), TestTokens.service()));
		JsonNode problem = assertProblem(declared, 413, "/problems/content-too-large");
		assertThat(problem.at("/maxBodySize").asInt()).isEqualTo(limit);
		// Chunked: no Content-Length to go by, the body itself is counted.
		HttpResponse<String> chunked = send(withToken(api("/memberships/batch"), TestTokens.service())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[limit + 1]))));
		assertProblem(chunked, 413, "/problems/content-too-large");
		assertThat(send(batch("x".repeat(limit), TestTokens.service())).statusCode()).isNotEqualTo(413);
	}

	@Test
	void batchBodyOverTheLimitShouldStillBeRefusedFirstForWhoSentIt() throws Exception {
		assertProblem(send(batch("x".repeat(70_000), null)), 401, "/problems/unauthorized");
		assertForbidden(send(batch("x".repeat(70_000), TestTokens.user(ALICE))));
	}

	@Test
	void userShouldOnlyReadThemself() throws Exception {
		assertThat(send(withToken(api("/users/auth0%7Calice/memberships"), TestTokens.user(ALICE)).method("HEAD",
				HttpRequest.BodyPublishers.noBody()))
			.statusCode()).isEqualTo(200);
		for (String method : new String[] { "POST", "PUT", "DELETE", "PATCH" }) {
			assertForbidden(send(withToken(api("/users/auth0%7Calice/memberships"), TestTokens.user(ALICE))
				.method(method, HttpRequest.BodyPublishers.noBody())));
		}
	}

	@Test
	void anyOtherPathShouldNeedTheServiceScope() throws Exception {
		assertProblem(get("/nothing-here", null), 401, "/problems/unauthorized");
		assertForbidden(get("/nothing-here", TestTokens.user(ALICE)));
		assertThat(get("/nothing-here", TestTokens.service()).statusCode()).isEqualTo(404);
	}

	@Test
	void apiDescriptionShouldBeOpenAndDeclareTheBearerScheme() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode docs = this.json.readTree(response.body());
		assertThat(docs.at("/components/securitySchemes/bearer-jwt/scheme").asString()).isEqualTo("bearer");
		assertThat(docs.at("/security/0").has("bearer-jwt")).isTrue();
	}

	@Test
	void protectedResourceMetadataShouldNameTheIssuer() throws Exception {
		HttpResponse<String> response = get("/.well-known/oauth-protected-resource", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = this.json.readTree(response.body());
		assertThat(metadata.at("/authorization_servers/0").asString()).isEqualTo(TestTokens.ISSUER);
		assertThat(metadata.at("/scopes_supported").toString()).contains(TestTokens.SERVICE_SCOPE);
	}

	private HttpRequest.Builder batch(String body, String token) {
		return withToken(api("/memberships/batch"), token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private void assertForbidden(HttpResponse<String> response) {
		assertProblem(response, 403, "/problems/forbidden");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("insufficient_scope"));
	}

	private static String encode(String userId) {
		return UriUtils.encodePathSegment(userId, StandardCharsets.UTF_8);
	}

}

package dev.memberships.demo;

import java.util.ArrayList;
import java.util.List;

import dev.memberships.demo.DemoHttpClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo Auth0 over real HTTP: token grant, bearer check, paging, id decoding, errors,
 * the rate limit and what the benchmark counts.
 */
class DemoAuth0HandlerTests {

	private static DemoUpstreams upstreams;

	private static DemoHttpClient http;

	private static String audience;

	@BeforeAll
	static void start() {
		upstreams = new DemoUpstreams().start();
		http = new DemoHttpClient(upstreams.baseUrl());
		audience = upstreams.baseUrl() + "/auth0/api/v2/";
	}

	@AfterAll
	static void stop() {
		http.close();
		upstreams.stop();
	}

	@Test
	void tokenWhenFormCredentialsMatchShouldIssueBearerToken() {
		Answer answer = http.post("/auth0/oauth/token", "application/x-www-form-urlencoded",
				"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret&audience="
						+ audience.replace(":", "%3A").replace("/", "%2F"));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("access_token").stringValue()).isNotBlank();
		assertThat(answer.body().get("expires_in").asInt()).isEqualTo(86400);
		assertThat(answer.body().get("scope").stringValue()).isEqualTo("read:organizations read:organization_members");
		assertThat(answer.body().get("token_type").stringValue()).isEqualTo("Bearer");
	}

	@Test
	void tokenWhenJsonCredentialsMatchShouldIssueBearerToken() {
		assertThat(http.auth0Token()).startsWith("demo-auth0-");
	}

	@Test
	void tokenWhenSecretIsWrongShouldAnswer401AccessDenied() {
		Answer answer = http.post("/auth0/oauth/token", "application/json",
				"{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-client\",\"client_secret\":\"nope\","
						+ "\"audience\":\"" + audience + "\"}");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.body().get("error").stringValue()).isEqualTo("access_denied");
	}

	@Test
	void tokenWhenAudienceIsWrongShouldAnswer401AccessDenied() {
		Answer answer = http.post("/auth0/oauth/token", "application/json",
				"{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-client\",\"client_secret\":\"demo-secret\","
						+ "\"audience\":\"https://elsewhere/api/v2/\"}");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.body().get("error").stringValue()).isEqualTo("access_denied");
	}

	@Test
	void organizationsWithoutBearerTokenShouldAnswer401() {
		assertThat(http.get("/auth0/api/v2/users/auth0%7Calice/organizations", null).status()).isEqualTo(401);
		assertThat(http.get("/auth0/api/v2/users/auth0%7Calice/organizations", "made-up").status()).isEqualTo(401);
	}

	@Test
	void organizationsWhenIdSegmentIsEncodedShouldDecodeIt() {
		Answer answer = http.get("/auth0/api/v2/users/auth0%7Calice/organizations", http.auth0Token());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().isArray()).isTrue();
		assertThat(answer.body().values()).extracting((org) -> org.get("display_name").stringValue())
			.containsExactly("Zürich Werk", "東京工場", "Équipe Nuit");
		JsonNode zurich = answer.body().get(0);
		assertThat(zurich.at("/branding/colors/primary").stringValue()).isEqualTo("#0059B3");
		assertThat(zurich.at("/metadata/site").stringValue()).isEqualTo("ZRH");
		assertThat(answer.body().get(1).has("branding")).isFalse();
	}

	@Test
	void organizationsWhenEncodedSlashShouldKeepItInTheOneIdSegment() {
		Answer answer = http.get("/auth0/api/v2/users/auth0%2Falice/organizations", http.auth0Token());
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body().get("errorCode").stringValue()).isEqualTo("inexistent_user");
	}

	@Test
	void organizationsWhenUnknownUserShouldAnswer404() {
		Answer answer = http.get("/auth0/api/v2/users/auth0%7Cnobody/organizations", http.auth0Token());
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body().get("statusCode").asInt()).isEqualTo(404);
		assertThat(answer.body().get("error").stringValue()).isEqualTo("Not Found");
		assertThat(answer.body().get("message").stringValue()).isEqualTo("The user does not exist.");
		assertThat(answer.body().get("errorCode").stringValue()).isEqualTo("inexistent_user");
	}

	@Test
	void organizationsWhenManyShouldPageThroughAll150WithTotals() {
		String token = http.auth0Token();
		List<String> ids = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			Answer answer = http.get(
					"/auth0/api/v2/users/auth0%7Cmany/organizations?page=" + page + "&per_page=100&include_totals=true",
					token);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body().get("start").asInt()).isEqualTo(Math.min(page * 100, 150));
			assertThat(answer.body().get("limit").asInt()).isEqualTo(100);
			assertThat(answer.body().get("total").asInt()).isEqualTo(150);
			answer.body().get("organizations").values().forEach((org) -> ids.add(org.get("id").stringValue()));
		}
		assertThat(ids).hasSize(150).doesNotHaveDuplicates().startsWith("org_many_001").endsWith("org_many_150");
	}

	@Test
	void organizationsWithoutPagingParametersShouldAnswerBareArrayOf50() {
		Answer answer = http.get("/auth0/api/v2/users/auth0%7Cmany/organizations", http.auth0Token());
		assertThat(answer.body().isArray()).isTrue();
		assertThat(answer.body().size()).isEqualTo(50);
	}

	@Test
	void organizationsWhenPerPageOver100ShouldAnswer400() {
		Answer answer = http.get("/auth0/api/v2/users/auth0%7Cmany/organizations?per_page=101", http.auth0Token());
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().get("errorCode").stringValue()).isEqualTo("invalid_query_string");
	}

	@Test
	void organizationsShouldSendRateLimitHeaders() {
		Answer answer = http.get("/auth0/api/v2/users/google-oauth2%7Coutsider/organizations", http.auth0Token());
		assertThat(answer.body().get(0).get("id").stringValue()).isEqualTo("org_partner");
		assertThat(answer.response().headers().firstValueAsLong("X-RateLimit-Limit")).hasValue(1000);
		assertThat(answer.response().headers().firstValueAsLong("X-RateLimit-Remaining").orElseThrow()).isPositive();
		assertThat(answer.response().headers().firstValueAsLong("X-RateLimit-Reset").orElseThrow())
			.isGreaterThanOrEqualTo(System.currentTimeMillis() / 1000);
	}

	@Test
	void organizationsOfGeneratedUserShouldAnswerThreeOrganizations() {
		Answer answer = http.get("/auth0/api/v2/users/bench%7C42/organizations?include_totals=true", http.auth0Token());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("total").asInt()).isEqualTo(3);
		assertThat(answer.body().at("/organizations/0/metadata").size()).isEqualTo(2);
	}

	@Test
	void organizationsWhenRateLimitIsSpentShouldAnswer429AndCountIt() {
		try (DemoUpstreams limited = new DemoUpstreams().start();
				DemoHttpClient client = new DemoHttpClient(limited.baseUrl())) {
			limited.conditions().auth0RateLimit(0.001, 1);
			String token = client.auth0Token();
			assertThat(client.get("/auth0/api/v2/users/auth0%7Calice/organizations", token).status()).isEqualTo(200);
			Answer refused = client.get("/auth0/api/v2/users/auth0%7Calice/organizations", token);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.body().get("errorCode").stringValue()).isEqualTo("too_many_requests");
			assertThat(refused.response().headers().firstValueAsLong("X-RateLimit-Remaining")).hasValue(0);
			assertThat(refused.response().headers().firstValueAsLong("X-RateLimit-Reset").orElseThrow())
				.isGreaterThan(System.currentTimeMillis() / 1000 + 60);
			UpstreamTraffic.Counts counts = limited.traffic().counts();
			assertThat(counts.tooManyRequests()).isOne();
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_ORGS)).isEqualTo(2);
			assertThat(counts.calls().get(UpstreamTraffic.AUTH0_TOKEN)).isOne();
		}
	}

}

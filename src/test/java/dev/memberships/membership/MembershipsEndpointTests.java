package dev.memberships.membership;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.testsupport.ServiceTest;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class MembershipsEndpointTests extends MembershipsApiTestSupport {

	private static final String GHOST_ORGANIZATIONS = "/api/v2/users/auth0%7Cghost/organizations";

	@Test
	void getMembershipsWhenEveryUpstreamAnswersShouldMergeEverySource() throws Exception {
		UpstreamStubs.allOk(auth0, enos, "auth0|42");
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(this.json.readTree(response.body())).isEqualTo(this.json.readTree("""
				{"userId":"auth0|42","organizationId":"ou_main",
				 "organizations":[{"id":"org_1","name":"acme","displayName":"Acme Inc.","metadata":{"tier":"gold"}}],
				 "structures":[{"id":"st_1","name":"Plant A"}],
				 "userGroups":[{"id":"ug_1","name":"Operators"}],
				 "sources":{"organizations":{"status":"OK"},"structures":{"status":"OK"},"userGroups":{"status":"OK"}},
				 "complete":true}"""));
	}

	@Test
	void getMembershipsShouldAskEnosForTheRequestedOrganizationAndLocale() throws Exception {
		UpstreamStubs.allOk(auth0, enos, "auth0|42");
		assertThat(get("/users/auth0%7C42/memberships?organizationId=ou_other&locale=zh_CN").statusCode())
			.isEqualTo(200);
		enos.verify(postRequestedFor(urlPathEqualTo(UpstreamStubs.STRUCTURES_PATH))
			.withRequestBody(matchingJsonPath("$.organizationId", equalTo("ou_other")))
			.withRequestBody(matchingJsonPath("$.locale", equalTo("zh_CN")))
			.withRequestBody(matchingJsonPath("$.userIds[0]", equalTo("auth0|42"))));
		enos.verify(postRequestedFor(urlPathEqualTo(UpstreamStubs.GROUPS_PATH))
			.withRequestBody(matchingJsonPath("$.organizationId", equalTo("ou_other"))));
	}

	@Test
	void getMembershipsWhenGroupsUpstreamFailsShouldMarkSourceUnavailable() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|42")));
		enos.stubFor(UpstreamStubs.groups().willReturn(serverError().withBody("<html>stack trace here</html>")));
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/complete").asBoolean()).isFalse();
		assertThat(body.at("/userGroups").size()).isZero();
		assertThat(body.at("/sources/userGroups/status").asString()).isEqualTo("UNAVAILABLE");
		assertThat(body.at("/sources/userGroups/reason").asString()).isEqualTo("upstream_error");
		assertThat(body.at("/organizations").size()).isEqualTo(1);
		assertThat(response.body()).doesNotContain("stack trace");
	}

	@Test
	void getMembershipsShouldCallTheUpstreamsInParallel() throws Exception {
		int delay = 1000;
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk().withFixedDelay(delay)));
		enos.stubFor(
				UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|42").withFixedDelay(delay)));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|42").withFixedDelay(delay)));
		long started = System.nanoTime();
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(this.json.readTree(response.body()).at("/complete").asBoolean()).isTrue();
		// Every call reached its stub before the first one (delayed by a second) could
		// answer.
		List<Date> arrivals = List.of(arrival(auth0, UpstreamStubs.ORGANIZATIONS_PATH),
				arrival(enos, UpstreamStubs.STRUCTURES_PATH), arrival(enos, UpstreamStubs.GROUPS_PATH));
		long spread = arrivals.stream().max(Comparator.naturalOrder()).orElseThrow().getTime()
				- arrivals.stream().min(Comparator.naturalOrder()).orElseThrow().getTime();
		assertThat(spread).isLessThan(delay);
		assertThat(took).isLessThan(Duration.ofMillis(3L * delay));
	}

	@Test
	void getMembershipsWhenUpstreamHangsShouldAnswerWithinDeadline() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|42")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|42").withFixedDelay(20_000)));
		long started = System.nanoTime();
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/sources/userGroups/reason").asString())
			.isEqualTo("timeout");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2500)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void getMembershipsWhenAuth0DoesNotKnowUserShouldAnswerNotFoundProblem() throws Exception {
		UpstreamStubs.allOk(auth0, enos, "auth0|nobody");
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(notFound()
				.withBody("{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"The user does not exist.\"}")));
		HttpResponse<String> response = get("/users/auth0%7Cnobody/memberships");
		assertProblem(response, 404, "/problems/user-not-found");
		assertThat(response.body()).doesNotContain("does not exist");
	}

	@Test
	void getMembershipsWhenAuth0DidNotKnowUserShouldNotAskAgainUnlessNoCache() throws Exception {
		UpstreamStubs.allOk(auth0, enos, "auth0|ghost");
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(notFound().withBody("{\"statusCode\":404,\"error\":\"Not Found\"}")));
		assertProblem(get("/users/auth0%7Cghost/memberships"), 404, "/problems/user-not-found");
		assertProblem(get("/users/auth0%7Cghost/memberships"), 404, "/problems/user-not-found");
		// This user's calls only: a call of an earlier test (one waiting out a 429, say)
		// may still arrive.
		auth0.verify(1, anyRequestedFor(urlPathEqualTo(GHOST_ORGANIZATIONS)));
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		HttpResponse<String> created = send(
				request("/users/auth0%7Cghost/memberships").header("Cache-Control", "no-cache"));
		assertThat(created.statusCode()).isEqualTo(200);
		// At least one more call; on a loaded machine a timed-out attempt may be retried.
		int afterNoCache = auth0.findAll(anyRequestedFor(urlPathEqualTo(GHOST_ORGANIZATIONS))).size();
		assertThat(afterNoCache).isGreaterThanOrEqualTo(2);
		assertThat(get("/users/auth0%7Cghost/memberships").statusCode()).isEqualTo(200);
		auth0.verify(afterNoCache, anyRequestedFor(urlPathEqualTo(GHOST_ORGANIZATIONS)));
	}

	@Test
	void getMembershipsWhenOrganizationUnknownShouldAnswerNotFoundProblem() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.enosCode(31404)));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
		assertProblem(get("/users/auth0%7C42/memberships?organizationId=ou_gone"), 404,
				"/problems/organization-not-found");
	}

	@Test
	void getMembershipsWhenUserOutsideOrganizationShouldAnswerEmptyEnosListsAndOk() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("somebody-else")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/structures").size()).isZero();
		assertThat(body.at("/userGroups").size()).isZero();
		assertThat(body.at("/sources/structures/status").asString()).isEqualTo("OK");
		assertThat(body.at("/sources/userGroups/status").asString()).isEqualTo("OK");
		assertThat(body.at("/complete").asBoolean()).isTrue();
	}

	@Test
	void getMembershipsWhenEveryUpstreamFailsShouldAnswerUnavailableProblemWithRetryAfter() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5").withBody("slow down")));
		enos.stubFor(UpstreamStubs.structures().willReturn(serverError()));
		enos.stubFor(UpstreamStubs.groups().willReturn(serverError()));
		HttpResponse<String> response = get("/users/auth0%7C42/memberships");
		assertProblem(response, 503, "/problems/sources-unavailable");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/sources/organizations/reason").asString()).isEqualTo("rate_limited");
		assertThat(body.at("/sources/structures/reason").asString()).isEqualTo("upstream_error");
	}

	@Test
	void getMembershipsWhenUserIdHasReservedCharactersShouldSendItAsOneEncodedSegment() throws Exception {
		UpstreamStubs.allOk(auth0, enos, "adfs|john/doe ü");
		HttpResponse<String> response = get("/users/adfs%7Cjohn%2Fdoe%20%C3%BC/memberships");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/userId").asString()).isEqualTo("adfs|john/doe ü");
		auth0.verify(getRequestedFor(urlEqualTo(
				"/api/v2/users/adfs%7Cjohn%2Fdoe%20%C3%BC/organizations?page=0&per_page=100&include_totals=true")));
	}

	@Test
	void getUnknownPathShouldAnswerNotFoundProblem() throws Exception {
		HttpResponse<String> response = get("/nothing-here");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/type").asString()).isEqualTo(type);
		assertThat(body.at("/status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
	}

	private static Date arrival(WireMockServer server, String pathRegex) {
		List<LoggedRequest> requests = server.findAll(anyRequestedFor(urlPathMatching(pathRegex)));
		assertThat(requests).hasSize(1);
		return requests.get(0).getLoggedDate();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(request(path));
	}

}

package dev.memberships.membership;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.testsupport.EnosOrganizationUnitStub;
import dev.memberships.testsupport.UpstreamStubs;
import dev.memberships.testsupport.UseStubUpstreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

// A context of its own: batches gather for 250 ms here so that 200 requests at once land in
// a few upstream calls; in the shared context that window would delay every other test.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.deadline=30s", "memberships.batching.window=250ms",
				"memberships.batching.eager-below=1", "memberships.batching.auth0-concurrency=16" })
@UseStubUpstreams
class MembershipsBatchingTests extends MembershipsApiTestSupport {

	@BeforeEach
	void stubUpstreams() {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(transformed()));
		enos.stubFor(UpstreamStubs.groups().willReturn(transformed()));
	}

	@Test
	void getMembershipsWhenManyDistinctUsersAtOnceShouldBatchEnosCalls() throws Exception {
		// Open the client's connections and warm the server first, so the 200 requests
		// below arrive together rather than behind 200 TCP handshakes.
		getAll("warm-up-");
		this.sources.evictAll();
		enos.resetRequests();
		List<CompletableFuture<HttpResponse<String>>> responses = getAll("user-");
		for (int i = 0; i < 200; i++) {
			JsonNode body = this.json.readTree(responses.get(i).get().body());
			assertThat(body.at("/userId").asString()).isEqualTo("user-" + i);
			assertThat(body.at("/userGroups/0/id").asString()).isEqualTo("g-user-" + i);
			assertThat(body.at("/structures/0/id").asString()).isEqualTo("st-user-" + i);
		}
		for (String path : List.of(UpstreamStubs.STRUCTURES_PATH, UpstreamStubs.GROUPS_PATH)) {
			List<LoggedRequest> calls = enos.findAll(anyRequestedFor(urlPathEqualTo(path)));
			assertThat(calls).hasSizeLessThanOrEqualTo(10);
			assertThat(calls).allSatisfy((call) -> assertThat(userIds(call)).isBetween(1, 1000));
			assertThat(calls.stream().mapToInt(this::userIds).sum()).isEqualTo(200);
		}
	}

	@Test
	void batchWhenOneUserOfThousandIsOutsideOrganizationShouldAnswerEveryoneWithBoundedExtraCalls() throws Exception {
		List<String> userIds = new ArrayList<>(IntStream.range(0, 1000).mapToObj((i) -> "user-" + i).toList());
		userIds.set(617, "outsider-617");
		JsonNode results = batch(userIds, null).at("/results");
		assertThat(results.size()).isEqualTo(1000);
		for (int i = 0; i < 1000; i++) {
			JsonNode result = results.get(i);
			assertThat(result.at("/userId").asString()).isEqualTo(userIds.get(i));
			assertThat(result.at("/complete").asBoolean()).as(userIds.get(i)).isTrue();
			assertThat(result.at("/userGroups").size()).isEqualTo((i == 617) ? 0 : 1);
		}
		int groupsCalls = enos.findAll(anyRequestedFor(urlPathEqualTo(UpstreamStubs.GROUPS_PATH))).size();
		int structuresCalls = enos.findAll(anyRequestedFor(urlPathEqualTo(UpstreamStubs.STRUCTURES_PATH))).size();
		// One call, then halves down to the one outsider: about 2 log2(1000) more.
		assertThat(groupsCalls).isBetween(3, 25);
		// The batch itself in one call, plus one call proving the OU exists.
		assertThat(structuresCalls).isLessThanOrEqualTo(2);
	}

	@Test
	void batchShouldAnswerDistinctUsersInRequestOrder() throws Exception {
		JsonNode results = batch(List.of("user-b", "user-a", "user-b", "user-c"), null).at("/results");
		assertThat(results.size()).isEqualTo(3);
		assertThat(List.of(results.get(0), results.get(1), results.get(2)))
			.extracting((result) -> result.at("/userId").asString())
			.containsExactly("user-b", "user-a", "user-c");
	}

	@Test
	void batchWhenOneUserUnknownToAuth0ShouldAnswerThatUserWithNotFoundProblem() throws Exception {
		auth0.stubFor(WireMock.get(urlPathEqualTo("/api/v2/users/user-gone/organizations"))
			.atPriority(1)
			.willReturn(notFound()));
		JsonNode results = batch(List.of("user-1", "user-gone", "user-2"), null).at("/results");
		assertThat(results.get(0).at("/complete").asBoolean()).isTrue();
		assertThat(results.get(1).at("/status").asInt()).isEqualTo(404);
		assertThat(results.get(1).at("/type").asString()).isEqualTo("/problems/user-not-found");
		assertThat(results.get(1).at("/userId").asString()).isEqualTo("user-gone");
		assertThat(results.get(2).at("/complete").asBoolean()).isTrue();
	}

	@Test
	void batchWhenGroupsUpstreamFailsShouldAnswerPartialResults() throws Exception {
		enos.stubFor(UpstreamStubs.groups().willReturn(serverError()));
		JsonNode results = batch(List.of("user-1", "user-2"), null).at("/results");
		for (JsonNode result : List.of(results.get(0), results.get(1))) {
			assertThat(result.at("/complete").asBoolean()).isFalse();
			assertThat(result.at("/sources/userGroups/status").asString()).isEqualTo("UNAVAILABLE");
			assertThat(result.at("/structures").size()).isEqualTo(1);
		}
	}

	@Test
	void batchWhenOrganizationUnknownShouldNotSplitTheBatch() throws Exception {
		List<String> userIds = IntStream.range(0, 64).mapToObj((i) -> "user-" + i).toList();
		JsonNode results = batch(userIds, "ou_gone").at("/results");
		assertThat(results.get(0).at("/type").asString()).isEqualTo("/problems/organization-not-found");
		assertThat(enos.findAll(anyRequestedFor(urlPathEqualTo(UpstreamStubs.GROUPS_PATH))))
			.hasSizeLessThanOrEqualTo(2);
	}

	private List<CompletableFuture<HttpResponse<String>>> getAll(String prefix) {
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			responses.add(this.http.sendAsync(get("/users/" + prefix + i + "/memberships"),
					HttpResponse.BodyHandlers.ofString()));
		}
		responses.forEach(CompletableFuture::join);
		return responses;
	}

	private JsonNode batch(List<String> userIds, String organizationId) throws Exception {
		HttpResponse<String> response = batchResponse(userIds, organizationId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> batchResponse(List<String> userIds, String organizationId) throws Exception {
		String body = this.json.writeValueAsString(new BatchRequest(userIds, organizationId, null));
		return this.http.send(post(body), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest post(String body) {
		return request("/memberships/batch").header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest get(String path) {
		return request(path).timeout(Duration.ofSeconds(60)).build();
	}

	private int userIds(LoggedRequest call) {
		return this.json.readTree(call.getBodyAsString()).get("userIds").size();
	}

	private static ResponseDefinitionBuilder transformed() {
		return WireMock.aResponse().withTransformers(EnosOrganizationUnitStub.NAME);
	}

}

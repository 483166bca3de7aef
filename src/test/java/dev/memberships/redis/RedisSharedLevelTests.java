package dev.memberships.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service, "pod A" and "pod B", sharing the machine's Redis and the
 * same upstream stubs: answers, single-flight and evictions reach across pods. Counts are
 * taken at the stubs.
 */
class RedisSharedLevelTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	@RegisterExtension
	static final RedisPods.Two pods = new RedisPods.Two("test-shared", "memberships.deadline=10s",
			"memberships.redis.timeout=1s");

	private final JsonMapper json = new JsonMapper();

	@BeforeEach
	void stubUpstreams() {
		UpstreamStubs.tokens(auth0, enos);
	}

	@Test
	void getMembershipsWhenPodAAnsweredShouldAnswerOnPodBWithoutUpstreamCalls() {
		String user = "auth0|shared";
		UpstreamStubs.allOk(auth0, enos, user);
		assertComplete(pods.a().memberships(user));
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
		JsonNode onB = assertComplete(pods.b().memberships(user));
		assertThat(onB.at("/organizations/0/displayName").asString()).isEqualTo("Acme Inc.");
		assertThat(onB.at("/structures/0/name").asString()).isEqualTo("Plant A");
		assertThat(onB.at("/userGroups/0/name").asString()).isEqualTo("Operators");
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
	}

	@Test
	void getMembershipsWhenTwoPodsAreAskedForOneColdUserAtOnceShouldCallEachUpstreamOnce() {
		// Tokens, connections and JIT first: this test is about single-flight.
		UpstreamStubs.allOk(auth0, enos, "auth0|warm");
		pods.a().memberships("auth0|warm");
		pods.b().memberships("auth0|warm");
		String user = "auth0|crowd";
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk().withFixedDelay(300)));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk(user).withFixedDelay(300)));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk(user).withFixedDelay(300)));
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			answers.add(pods.a().membershipsAsync(user));
			answers.add(pods.b().membershipsAsync(user));
		}
		answers.forEach((answer) -> assertComplete(answer.join()));
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
	}

	@Test
	void evictUserThroughPodAShouldMakePodBAskTheUpstreamsAgain() {
		String user = "auth0|evicted";
		UpstreamStubs.allOk(auth0, enos, user);
		assertComplete(pods.a().memberships(user));
		assertComplete(pods.b().memberships(user));
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
		HttpResponse<String> evicted = pods.a()
			.management("DELETE", "/actuator/usercache/auth0%7Cevicted", TestTokens.admin());
		assertThat(evicted.statusCode()).isEqualTo(204);
		// The message reaches B a moment later: B answers from its copy until then.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertComplete(pods.b().memberships(user));
			assertThat(upstreamCalls(user)).containsExactly(2, 2, 2);
		});
	}

	@Test
	void getMembershipsWhenSharedEntryIsUnreadableShouldAskTheUpstream() {
		String user = "auth0|corrupt";
		UpstreamStubs.allOk(auth0, enos, user);
		RedisClient client = RedisClient.create(RedisPods.REDIS_URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync()
				.set(new RedisKeys(pods.keyPrefix()).entry("auth0", List.of(user)), "{\"loadedAt\":\"x\",");
		}
		finally {
			client.shutdown();
		}
		JsonNode answer = assertComplete(pods.a().memberships(user));
		assertThat(answer.at("/organizations/0/id").asString()).isEqualTo("org_1");
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
	}

	@Test
	void getMembershipsWhenSharedEntryIsDatedInTheFutureShouldAskTheUpstream() {
		String user = "auth0|future";
		UpstreamStubs.allOk(auth0, enos, user);
		long anHourAhead = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
		RedisClient client = RedisClient.create(RedisPods.REDIS_URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync()
				.set(new RedisKeys(pods.keyPrefix()).entry("auth0", List.of(user)), "{\"loadedAt\":" + anHourAhead
						+ ",\"value\":[{\"id\":\"org_forged\",\"name\":\"forged\",\"displayName\":\"Forged\"}]}");
		}
		finally {
			client.shutdown();
		}
		JsonNode answer = assertComplete(pods.a().memberships(user));
		assertThat(answer.at("/organizations/0/id").asString()).isEqualTo("org_1");
		assertThat(upstreamCalls(user)).containsExactly(1, 1, 1);
	}

	@Test
	void getMembershipsWhenNoTenantRateIsSetShouldAnswerANewCrowdAsCompletelyAsAuth0Allows() {
		// Auth0 here has no limit: with Redis on and no auth0-rate set, nothing may hold
		// the pods back that one pod without Redis would not (issue 21, finding 10).
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|any")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|any")));
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(pods.a().membershipsAsync("auth0|unlimited-a-" + i, "Request-Timeout", "2s"));
			answers.add(pods.b().membershipsAsync("auth0|unlimited-b-" + i, "Request-Timeout", "2s"));
		}
		answers.forEach((answer) -> assertComplete(answer.join()));
	}

	private JsonNode assertComplete(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/complete").asBoolean()).as(response.body()).isTrue();
		return body;
	}

	/** Calls of one user to the organizations, structures and groups stubs. */
	static List<Integer> upstreamCalls(String user) {
		String encoded = user.replace("|", "%7C");
		return List.of(
				auth0.findAll(getRequestedFor(urlPathEqualTo("/api/v2/users/" + encoded + "/organizations"))).size(),
				callsFor(UpstreamStubs.STRUCTURES_PATH, user), callsFor(UpstreamStubs.GROUPS_PATH, user));
	}

	private static int callsFor(String path, String user) {
		return (int) enos.findAll(postRequestedFor(urlPathMatching(path)))
			.stream()
			.filter((request) -> request.getBodyAsString().contains("\"" + user + "\""))
			.count();
	}

}

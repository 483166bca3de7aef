package dev.memberships.redis;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.MonitoringQueries;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.TestRedis;
import dev.memberships.testsupport.UpstreamStubs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auth0 change events on two pods sharing Redis: an organization event reaches, on every
 * pod, the members that pod got from Redis rather than from Auth0; and an event Redis did
 * not carry to the other pods is refused for Auth0 to deliver again. Also, since these
 * pods expose every metric (Redis, events, the rest): the chart's dashboard and alerts
 * ask only for metrics and labels they expose.
 */
class RedisEventsTests {

	private static final String EVENTS_TOKEN = Auth0EventStubs.EVENTS_TOKEN;

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	@RegisterExtension
	static final RedisPods.Two pods = new RedisPods.Two("test-events", "memberships.deadline=30s",
			"memberships.redis.timeout=1s", "memberships.events.auth0.token=" + EVENTS_TOKEN);

	private final JsonMapper json = new JsonMapper();

	@BeforeEach
	void stubUpstreams() {
		UpstreamStubs.tokens(auth0, enos);
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("nobody")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
	}

	@Test
	void organizationEventShouldReachOnEveryPodTheMembersThatPodGotFromRedis() {
		// auth0|fromA is loaded by A and reaches B from Redis; auth0|fromB the other way.
		stubOrganizationsOf("auth0|fromA", "org_renamed");
		stubOrganizationsOf("auth0|fromB", "org_renamed");
		assertThat(RedisPods.organizationIds(pods.a().memberships("auth0|fromA"))).containsExactly("org_renamed");
		assertThat(RedisPods.organizationIds(pods.b().memberships("auth0|fromA"))).containsExactly("org_renamed");
		assertThat(RedisPods.organizationIds(pods.b().memberships("auth0|fromB"))).containsExactly("org_renamed");
		assertThat(RedisPods.organizationIds(pods.a().memberships("auth0|fromB"))).containsExactly("org_renamed");
		assertThat(organizationCalls("auth0|fromA")).isOne();
		assertThat(organizationCalls("auth0|fromB")).isOne();
		// In Auth0 the organization went away and its members joined another.
		stubOrganizationsOf("auth0|fromA", "org_new");
		stubOrganizationsOf("auth0|fromB", "org_new");
		String event = """
				{"specversion":"1.0","id":"evt_org_deleted","source":"urn:auth0:acme.eu.auth0.com",
				 "type":"organization.deleted","time":"2026-03-01T09:59:58Z","data":{"object":{"id":"org_renamed"}}}""";
		assertThat(postEvent(pods.a(), event).statusCode()).isEqualTo(202);
		for (RedisPods.Pod pod : List.of(pods.a(), pods.b())) {
			for (String user : List.of("auth0|fromA", "auth0|fromB")) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(RedisPods.organizationIds(pod.memberships(user))).as(user)
						.containsExactly("org_new"));
			}
		}
	}

	@Test
	void eventWithAnIdOfTenKilobytesShouldBeBadRequest() {
		String event = """
				{"specversion":"1.0","id":"%s","source":"urn:auth0:acme.eu.auth0.com","type":"user.updated",
				 "data":{"object":{"user_id":"auth0|42"}}}""".formatted("e".repeat(10 * 1024));
		HttpResponse<String> response = postEvent(pods.a(), event);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.at("/type").asString()).isEqualTo("/problems/invalid-event");
		assertThat(problem.at("/member").asString()).isEqualTo("id");
	}

	@Test
	void eventWhenRedisDoesNotAnswerShouldBeServiceUnavailableUntilDeliveredWithRedisBack() throws Exception {
		// A pod whose Redis is a port nobody listens on: every Redis operation fails.
		try (RedisPods down = new RedisPods("redis://127.0.0.1:" + TestRedis.freePort(), pods.keyPrefix() + "-down")) {
			RedisPods.Pod pod = down.start("memberships.deadline=10s", "memberships.redis.timeout=1s",
					"memberships.events.auth0.token=" + EVENTS_TOKEN);
			String event = Auth0EventStubs.memberEvent("evt_redis_down", "organization.member.added", "auth0|42",
					"org_1");
			for (int delivery = 0; delivery < 2; delivery++) {
				HttpResponse<String> response = postEvent(pod, event);
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(this.json.readTree(response.body()).at("/type").asString())
					.isEqualTo("/problems/event-not-applied");
			}
			assertThat(pod.context()
				.getBean(MeterRegistry.class)
				.counter("memberships.events", "type", "organization.member.added", "outcome", "failed")
				.count()).isEqualTo(2);
			// The same event on a pod whose Redis answers: acted on, not a duplicate.
			assertThat(postEvent(pods.a(), event).statusCode()).isEqualTo(202);
		}
	}

	@Test
	void dashboardAndAlertQueriesShouldUseOnlyMetricsAndLabelsThePodsExpose() throws Exception {
		stubOrganizationsOf("auth0|scraped", "org_1");
		assertThat(pods.a().memberships("auth0|scraped").statusCode()).isEqualTo(200);
		assertThat(pods.b().memberships("auth0|scraped").statusCode()).isEqualTo(200);
		assertThat(postEvent(pods.a(),
				Auth0EventStubs.memberEvent("evt_scraped", "organization.member.added", "auth0|scraped", "org_1"))
			.statusCode()).isEqualTo(202);
		HttpResponse<String> scrape = pods.a().management("GET", "/actuator/prometheus", null);
		assertThat(scrape.statusCode()).isEqualTo(200);
		MonitoringQueries.assertExposed(scrape.body());
	}

	static HttpResponse<String> postEvent(RedisPods.Pod pod, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + pod.port() + "/events/auth0"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + EVENTS_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return pod.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
	}

	private static void stubOrganizationsOf(String userId, String... organizationIds) {
		auth0.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo("/api/v2/users/" + userId.replace("|", "%7C") + "/organizations"))
			.willReturn(Auth0EventStubs.organizations(organizationIds)));
	}

	private static int organizationCalls(String userId) {
		return auth0
			.findAll(getRequestedFor(urlPathEqualTo("/api/v2/users/" + userId.replace("|", "%7C") + "/organizations")))
			.size();
	}

}

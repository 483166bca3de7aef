package dev.memberships.membership;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import dev.memberships.orgindex.TenantStubs;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.MonitoringQueries;
import dev.memberships.testsupport.UpstreamStubs;
import dev.memberships.testsupport.UseStubUpstreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The organization index in the whole service: once a sweep completed, answers and
 * batches need no per-user Auth0 call, an event's change shows in the next answer, and an
 * index whose sweeps stopped completing answers {@code STALE}.
 */
// A context of its own, closed after the class: the index sweeps every second, which in
// a shared context would add Auth0 requests to every other test's journal.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.deadline=10s", "memberships.auth0.index.enabled=true",
				"memberships.auth0.index.rate=200", "memberships.auth0.index.sweep-interval=1s",
				"memberships.events.auth0.token=" + Auth0EventStubs.EVENTS_TOKEN })
@UseStubUpstreams
@DirtiesContext
@AutoConfigureMetrics
class OrganizationIndexEndpointTests extends MembershipsApiTestSupport {

	private static final List<String> USERS = IntStream.range(0, 20).mapToObj((i) -> "auth0|" + i).toList();

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private PrometheusMeterRegistry prometheus;

	@BeforeEach
	void stubTenantAndAwaitIndex() {
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("nobody")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
		TenantStubs.tenant(auth0::stubFor, 50, TenantStubs.of("org_1", USERS, "org_2", USERS.subList(0, 5)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> gauge("ready") == 1 && gauge("memberships") == 25
					&& auth0.findAll(getRequestedFor(TenantStubs.ORGANIZATIONS)).size() >= 1);
		this.sources.evictAll();
	}

	@Test
	void dashboardAndAlertQueriesOfTheIndexShouldUseOnlyMetricsAndLabelsThePodExposes() throws Exception {
		MonitoringQueries.assertIndexExposed(this.prometheus.scrape());
	}

	@Test
	void batchShouldAnswerIndexedUsersWithNoPerUserCalls() throws Exception {
		HttpResponse<String> response = send(request("/memberships/batch").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(this.json.writeValueAsString(new BatchRequest(USERS, null, null)))));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode results = this.json.readTree(response.body()).at("/results");
		assertThat(results.size()).isEqualTo(20);
		for (int i = 0; i < 20; i++) {
			assertThat(results.get(i).at("/complete").asBoolean()).isTrue();
			assertThat(results.get(i).at("/organizations").size()).isEqualTo((i < 5) ? 2 : 1);
		}
		assertThat(perUserCalls()).isZero();
	}

	@Test
	void memberEventShouldShowInTheNextAnswerWithNoPerUserCall() throws Exception {
		assertThat(organizationIds("auth0|7")).containsExactly("org_1");
		auth0.stubFor(get("/api/v2/organizations/org_3").willReturn(okJson(TenantStubs.organization("org_3"))));
		// Auth0's lists say what the event says, as they would: a sweep starting after
		// the
		// event must keep the membership, not undo it.
		TenantStubs.tenant(auth0::stubFor, 50,
				TenantStubs.of("org_1", USERS, "org_2", USERS.subList(0, 5), "org_3", List.of("auth0|7")));
		String event = Auth0EventStubs.memberEvent("evt_index_added", "organization.member.added", "auth0|7", "org_3")
			.replace("2026-03-01T09:59:58Z", Instant.now().toString());
		HttpResponse<String> accepted = this.http.send(api("/events/auth0").header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + Auth0EventStubs.EVENTS_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(event))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(organizationIds("auth0|7")).containsExactlyInAnyOrder("org_1", "org_3"));
		assertThat(perUserCalls()).isZero();
	}

	@Test
	void getMembershipsWhenNoSweepCompletedWithinTwoIntervalsShouldAnswerFromIndexStaleWithSweepAge() throws Exception {
		assertThat(organizationIds("auth0|7")).containsExactly("org_1");
		// Refused, not failed: the sweeps stop completing without opening Auth0's breaker
		// for the tests that follow in this context.
		auth0.stubFor(
				get(TenantStubs.ORGANIZATIONS).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
		await().atMost(Duration.ofSeconds(30)).until(() -> gauge("ready") == 0);
		JsonNode body = memberships("auth0|7");
		assertThat(body.at("/sources/organizations/status").asString()).isEqualTo("STALE");
		assertThat(body.at("/sources/organizations/ageSeconds").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(body.at("/organizations/0/id").asString()).isEqualTo("org_1");
		assertThat(perUserCalls()).isZero();
	}

	private JsonNode memberships(String userId) throws Exception {
		HttpResponse<String> response = send(request("/users/" + userId.replace("|", "%7C") + "/memberships"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private List<String> organizationIds(String userId) throws Exception {
		JsonNode body = memberships(userId);
		return body.at("/organizations")
			.valueStream()
			.map((organization) -> organization.at("/id").asString())
			.toList();
	}

	private int perUserCalls() {
		return auth0.findAll(getRequestedFor(urlPathMatching("/api/v2/users/.+/organizations"))).size();
	}

	private double gauge(String name) {
		return this.meters.get("memberships.auth0.index." + name).gauge().value();
	}

}

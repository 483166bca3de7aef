package dev.memberships.membership;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.testsupport.UpstreamStubs;
import dev.memberships.testsupport.UseStubUpstreams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /events/auth0}: only the events token is let in, and an accepted event
 * makes the next answer ask Auth0 again, for exactly the users it is about.
 */
// A context of its own: the endpoint exists only with its token (the shared context
// checks
// its absence, CompressionTests), and an event's age is measured against a clock standing
// still (FixedTime), which in the shared context would stop every deadline and token
// expiry.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.deadline=10s", "memberships.events.auth0.token=" + Auth0EventStubs.EVENTS_TOKEN,
				"memberships.events.auth0.max-body-size=8KB" })
@UseStubUpstreams
class Auth0EventsEndpointTests extends MembershipsApiTestSupport {

	static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void stubUpstreams() {
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("nobody")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.enosCode(31404)));
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
	}

	@Test
	void eventWithoutTheEventsTokenShouldBeUnauthorizedAndEvictNothing() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		String event = Auth0EventStubs.memberEvent("evt_unauthorized", "organization.member.added", "auth0|42",
				"org_1");
		assertUnauthorized(post(event, null));
		assertUnauthorized(post(event, "Bearer not-the-events-token-but-long-enough-0123456789"));
		assertUnauthorized(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN + "x"));
		assertUnauthorized(post(event, TestTokens.bearer(TestTokens.service())));
		assertUnauthorized(post(event, TestTokens.bearer(TestTokens.admin())));
		assertUnauthorized(post(event, "Basic " + Auth0EventStubs.EVENTS_TOKEN));
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(1);
	}

	@Test
	void eventsTokenShouldGrantNothingElse() throws Exception {
		HttpResponse<String> response = this.http
			.send(api("/users/auth0%7C42/memberships").header("Authorization", "Bearer " + Auth0EventStubs.EVENTS_TOKEN)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertUnauthorized(response);
		assertThat(organizationCalls("auth0|42")).isZero();
	}

	@Test
	void memberEventShouldMakeTheNextAnswerAskAuth0Again() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		HttpResponse<String> accepted = post(
				Auth0EventStubs.memberEvent("evt_added", "organization.member.added", "auth0|42", "org_1"),
				"Bearer " + Auth0EventStubs.EVENTS_TOKEN);
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(2);
	}

	@Test
	void userEventShouldMakeTheNextAnswerAskAuth0Again() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		String event = """
				{"specversion":"1.0","id":"evt_user","source":"urn:auth0:acme.eu.auth0.com","type":"user.updated",
				 "time":"2026-03-01T09:59:58Z","data":{"object":{"user_id":"auth0|42","email":"a@example.com"}}}""";
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(2);
	}

	@Test
	void sameEventTwiceShouldEvictOnce() throws Exception {
		String event = Auth0EventStubs.memberEvent("evt_twice", "organization.member.deleted", "auth0|42", "org_1");
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(2);
		assertThat(
				this.meters.counter("memberships.events", "type", "organization.member.deleted", "outcome", "duplicate")
					.count())
			.isEqualTo(1);
	}

	@Test
	void memberAddedAfterMemberDeletedShouldLeaveUserEvictedAndCorrect() throws Exception {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(Auth0EventStubs.organizations("org_1")));
		assertThat(organizationIds(getMemberships("auth0|42"))).containsExactly("org_1");
		// In Auth0 the user left org_1, then joined org_2; the events arrive the other
		// way
		// round.
		auth0.stubFor(UpstreamStubs.organizations().willReturn(Auth0EventStubs.organizations("org_2")));
		assertThat(post(Auth0EventStubs.memberEvent("evt_join", "organization.member.added", "auth0|42", "org_2"),
				"Bearer " + Auth0EventStubs.EVENTS_TOKEN)
			.statusCode()).isEqualTo(202);
		assertThat(post(Auth0EventStubs.memberEvent("evt_leave", "organization.member.deleted", "auth0|42", "org_1"),
				"Bearer " + Auth0EventStubs.EVENTS_TOKEN)
			.statusCode()).isEqualTo(202);
		assertThat(organizationIds(getMemberships("auth0|42"))).containsExactly("org_2");
		assertThat(organizationCalls("auth0|42")).isEqualTo(2);
	}

	@Test
	void organizationEventShouldEvictExactlyTheCachedMembersOfThatOrganization() throws Exception {
		stubOrganizationsOf("auth0|a", "org_shared", "org_a");
		stubOrganizationsOf("auth0|b", "org_shared");
		stubOrganizationsOf("auth0|c", "org_other");
		for (String user : new String[] { "auth0|a", "auth0|b", "auth0|c" }) {
			assertThat(getMemberships(user).statusCode()).isEqualTo(200);
		}
		String event = """
				{"specversion":"1.0","id":"evt_org","source":"urn:auth0:acme.eu.auth0.com","type":"organization.updated",
				 "time":"2026-03-01T09:59:58Z","data":{"object":{"id":"org_shared","name":"renamed"}}}""";
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		for (String user : new String[] { "auth0|a", "auth0|b", "auth0|c" }) {
			assertThat(getMemberships(user).statusCode()).isEqualTo(200);
		}
		assertThat(organizationCalls("auth0|a")).isEqualTo(2);
		assertThat(organizationCalls("auth0|b")).isEqualTo(2);
		assertThat(organizationCalls("auth0|c")).isEqualTo(1);
	}

	@Test
	void organizationEventWhenAuth0ThenFailsShouldServeItsMembersStaleRatherThanPartial() throws Exception {
		stubOrganizationsOf("auth0|branded", "org_branded");
		assertThat(organizationIds(getMemberships("auth0|branded"))).containsExactly("org_branded");
		auth0.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo("/api/v2/users/auth0%7Cbranded/organizations"))
			.willReturn(com.github.tomakehurst.wiremock.client.WireMock.serverError()));
		String event = """
				{"specversion":"1.0","id":"evt_branding","source":"urn:auth0:acme.eu.auth0.com","type":"organization.updated",
				 "time":"2026-03-01T09:59:58Z","data":{"object":{"id":"org_branded","branding":{"logo_url":"https://x/new.png"}}}}""";
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		HttpResponse<String> answer = getMemberships("auth0|branded");
		assertThat(organizationIds(answer)).containsExactly("org_branded");
		assertThat(this.json.readTree(answer.body()).at("/sources/organizations/status").asString()).isEqualTo("STALE");
		assertThat(organizationCalls("auth0|branded")).isGreaterThan(1);
		assertThat(
				this.meters.counter("memberships.events", "type", "organization.updated", "outcome", "stale").count())
			.isPositive();
	}

	@Test
	void unknownEventTypeShouldBeAcceptedIgnoredAndCounted() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		double before = this.meters.counter("memberships.events", "type", "other", "outcome", "ignored").count();
		HttpResponse<String> response = post(
				Auth0EventStubs.memberEvent("evt_group", "group.member.added", "auth0|42", "org_1"),
				"Bearer " + Auth0EventStubs.EVENTS_TOKEN);
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(1);
		assertThat(this.meters.counter("memberships.events", "type", "other", "outcome", "ignored").count())
			.isEqualTo(before + 1);
	}

	@Test
	void eventWithoutTheIdItsTypeNeedsShouldBeBadRequestAndEvictNothing() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		double rejectedBefore = rejected("organization.member.added");
		String event = """
				{"specversion":"1.0","id":"evt_no_user","source":"urn:auth0:acme.eu.auth0.com",
				 "type":"organization.member.added","data":{"object":{"organization":{"id":"org_1"}}}}""";
		JsonNode problem = assertProblem(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN), 400,
				"/problems/invalid-event");
		assertThat(problem.at("/detail").asString()).contains("user");
		assertThat(rejected("organization.member.added")).isEqualTo(rejectedBefore + 1);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(1);
		// The rejected id was not remembered: the corrected event is acted on.
		assertThat(post(Auth0EventStubs.memberEvent("evt_no_user", "organization.member.added", "auth0|42", "org_1"),
				"Bearer " + Auth0EventStubs.EVENTS_TOKEN)
			.statusCode()).isEqualTo(202);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(2);
	}

	private double rejected(String type) {
		return this.meters.counter("memberships.events", "type", type, "outcome", "rejected").count();
	}

	@Test
	void eventOfAnotherContentTypeShouldBeUnsupported() throws Exception {
		HttpResponse<String> response = this.http
			.send(api("/events/auth0").header("Authorization", "Bearer " + Auth0EventStubs.EVENTS_TOKEN)
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(
						Auth0EventStubs.memberEvent("evt_text", "organization.member.added", "auth0|42", "org_1")))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void eventLargerThanTheLimitShouldBeContentTooLarge() throws Exception {
		String event = """
				{"id":"evt_big","type":"user.updated","data":{"object":{"user_id":"auth0|42","padding":"%s"}}}"""
			.formatted("x".repeat(9000));
		assertProblem(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN), 413, "/problems/content-too-large");
	}

	@Test
	void eventShouldRecordItsAgeOnArrival() throws Exception {
		Timer age = this.meters.find("memberships.events.age").tag("type", "user.deleted").timer();
		long before = (age != null) ? age.count() : 0;
		double beforeSeconds = (age != null) ? age.totalTime(TimeUnit.SECONDS) : 0;
		String event = """
				{"specversion":"1.0","id":"evt_age","source":"urn:auth0:acme.eu.auth0.com","type":"user.deleted",
				 "time":"%s","data":{"object":{"user_id":"auth0|42"}}}""".formatted(NOW.minusSeconds(7));
		assertThat(post(event, "Bearer " + Auth0EventStubs.EVENTS_TOKEN).statusCode()).isEqualTo(202);
		Timer after = this.meters.get("memberships.events.age").tag("type", "user.deleted").timer();
		assertThat(after.count()).isEqualTo(before + 1);
		assertThat(after.totalTime(TimeUnit.SECONDS) - beforeSeconds).isEqualTo(7.0);
	}

	@Test
	void fuzzedEventBodiesShouldNeverFailTheServerOrEvict() throws Exception {
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		double evictedBefore = evictedEvents();
		Random random = new Random(15);
		String valid = Auth0EventStubs.memberEvent("evt_fuzz", "organization.member.added", "auth0|42", "org_1");
		List<String> bodies = new ArrayList<>();
		for (int length = 0; length < valid.length(); length += 3) {
			bodies.add(valid.substring(0, length));
		}
		String[] notStrings = { "1", "-0.5e308", "true", "null", "[]", "[\"auth0|42\"]", "{}", "\"\"", "\"   \"" };
		for (String member : new String[] { "\"id\":\"evt_fuzz\"", "\"type\":\"organization.member.added\"",
				"\"data\":{", "\"object\":{", "\"user\":{", "\"user_id\":\"auth0|42\"" }) {
			String name = member.substring(0, member.indexOf(':') + 1);
			for (String value : notStrings) {
				String broken = valid.replace(member, name + value + (member.endsWith("{") ? ",\"x\":{" : ""));
				bodies.add(broken);
			}
		}
		for (int i = 0; i < 100; i++) {
			bodies.add(valid.replace("organization.member.added", randomText(random, 1 + random.nextInt(40))));
			bodies.add(randomText(random, random.nextInt(300)));
			bodies.add(garble(valid, random));
		}
		bodies.add("[" + valid + "]");
		bodies.add("[".repeat(8000));
		bodies.add("{\"id\":".repeat(1500));
		bodies.add("{\"id\":\"evt_deep\",\"type\":\"user.updated\",\"data\":" + "{\"object\":".repeat(600) + "1"
				+ "}".repeat(601));
		bodies.add("{\"id\":\"evt_number\",\"type\":\"user.updated\",\"time\":" + "9".repeat(5000) + "}");
		bodies.add(valid.replace("\"org_1\"", "\"" + "o".repeat(20_000) + "\""));
		bodies.add("x".repeat(300_000));
		for (String body : bodies) {
			HttpResponse<String> response = post(body, "Bearer " + Auth0EventStubs.EVENTS_TOKEN);
			assertThat(response.statusCode()).as(body).isIn(202, 400, 413);
			assertThat(response.body()).as(body).doesNotContain("Exception");
		}
		byte[] bytes = new byte[2000];
		for (int i = 0; i < 50; i++) {
			random.nextBytes(bytes);
			HttpResponse<String> response = this.http
				.send(api("/events/auth0").header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + Auth0EventStubs.EVENTS_TOKEN)
					.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(400);
		}
		assertThat(evictedEvents()).isEqualTo(evictedBefore);
		assertThat(getMemberships("auth0|42").statusCode()).isEqualTo(200);
		assertThat(organizationCalls("auth0|42")).isEqualTo(1);
	}

	private double evictedEvents() {
		return this.meters.find("memberships.events")
			.tag("outcome", "evicted")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static String randomText(Random random, int length) {
		String alphabet = "{}[]\":,.\\ 0123456789abcdefxyz-_|\u00e9\u2028\n\t";
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	/**
	 * The valid event with a few characters turned into quotes: never valid JSON, whereas
	 * another character inside an id could make a valid event about someone else.
	 */
	private static String garble(String valid, Random random) {
		char[] characters = valid.toCharArray();
		int changes = 1 + random.nextInt(4);
		for (int i = 0; i < changes; i++) {
			int at = random.nextInt(characters.length);
			while (characters[at] == '"') {
				at = (at + 1) % characters.length;
			}
			characters[at] = '"';
		}
		return new String(characters);
	}

	private void stubOrganizationsOf(String userId, String... organizationIds) {
		auth0.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo("/api/v2/users/" + userId.replace("|", "%7C") + "/organizations"))
			.willReturn(Auth0EventStubs.organizations(organizationIds)));
	}

	private int organizationCalls(String userId) {
		return auth0
			.findAll(getRequestedFor(urlPathEqualTo("/api/v2/users/" + userId.replace("|", "%7C") + "/organizations")))
			.size();
	}

	private List<String> organizationIds(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body())
			.at("/organizations")
			.valueStream()
			.map((organization) -> organization.at("/id").asString())
			.toList();
	}

	private HttpResponse<String> getMemberships(String userId) throws Exception {
		return send(request("/users/" + userId.replace("|", "%7C") + "/memberships"));
	}

	HttpResponse<String> post(String body, String authorization) throws Exception {
		HttpRequest.Builder request = api("/events/auth0").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private void assertUnauthorized(HttpResponse<String> response) {
		assertProblem(response, 401, "/problems/unauthorized");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	private JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/type").asString()).isEqualTo(type);
		return body;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedTime {

		@Bean
		@Primary
		Clock clock() {
			return new MutableClock(NOW);
		}

	}

}

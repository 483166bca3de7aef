package dev.memberships.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UpstreamStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Auth0 gate for the tenant, shared by "pod A" and "pod B" through the machine's
 * Redis: what one pod learns closes the other, and both together stay under the tenant's
 * rate. Arrival times are taken at the Auth0 stub.
 */
class RedisTenantGateTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	// Generous bounds: the machine running the tests may be slow; the limits are tight.
	@RegisterExtension
	static final RedisPods.Two pods = new RedisPods.Two("test-gate", "memberships.deadline=10s",
			"memberships.redis.timeout=1s", "memberships.redis.auth0-rate.per-second=2",
			"memberships.redis.auth0-rate.burst=2");

	private final JsonMapper json = new JsonMapper();

	@BeforeEach
	void stubUpstreams() {
		UpstreamStubs.tokens(auth0, enos);
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|any")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|any")));
	}

	@Test
	void getMembershipsWhenAuth0AnsweredPodA429ShouldSendNothingFromPodBBeforeTheReset() {
		// Tokens and connections first: this test is about the gate.
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		body(pods.a().memberships("auth0|warm-a"));
		body(pods.b().memberships("auth0|warm-b"));
		// The reset is four to five seconds ahead (epoch seconds): beyond the 2 s the
		// requests give themselves, so the pods answer at once rather than wait.
		long reset = Instant.now().getEpochSecond() + 5;
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(aResponse().withStatus(429)
				.withHeader("X-RateLimit-Limit", "2")
				.withHeader("X-RateLimit-Remaining", "0")
				.withHeader("X-RateLimit-Reset", Long.toString(reset))));
		auth0.resetRequests();
		JsonNode onA = body(pods.a().memberships("auth0|limited-a", "Request-Timeout", "2s"));
		assertThat(onA.at("/sources/organizations/reason").asString()).isEqualTo("rate_limited");
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		JsonNode onB = body(pods.b().memberships("auth0|limited-b", "Request-Timeout", "2s"));
		assertThat(onB.at("/sources/organizations/status").asString()).isEqualTo("UNAVAILABLE");
		assertThat(onB.at("/sources/organizations/reason").asString()).isEqualTo("rate_limited");
		// After the reset B asks Auth0 again, and gets its answer.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(body(pods.b().memberships("auth0|limited-b", "Cache-Control", "no-cache"))
				.at("/sources/organizations/status")
				.asString()).isEqualTo("OK"));
		List<LoggedRequest> beforeReset = organizationRequests().stream()
			.filter((request) -> request.getLoggedDate().toInstant().isBefore(Instant.ofEpochSecond(reset)))
			.toList();
		assertThat(beforeReset).singleElement()
			.satisfies((request) -> assertThat(request.getUrl()).contains("limited-a"));
	}

	@Test
	void getMembershipsWhenBothPodsAreOfferedMoreThanTheTenantRateShouldStayUnderIt() {
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		List<CompletableFuture<HttpResponse<String>>> answers = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger user = new AtomicInteger();
		ScheduledExecutorService offered = Executors.newSingleThreadScheduledExecutor();
		try {
			// 20 distinct users a second on each pod, for three seconds.
			offered.scheduleAtFixedRate(() -> {
				if (user.get() < 120) {
					answers.add(pods.a()
						.membershipsAsync("auth0|rate-" + user.incrementAndGet(), "Cache-Control", "no-cache"));
					answers.add(pods.b()
						.membershipsAsync("auth0|rate-" + user.incrementAndGet(), "Cache-Control", "no-cache"));
				}
			}, 0, 50, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> user.get() >= 120);
		}
		finally {
			offered.shutdown();
		}
		List<HttpResponse<String>> done = new ArrayList<>(answers).stream().map(CompletableFuture::join).toList();
		assertThat(done).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(200));
		List<Long> arrivals = organizationRequests().stream()
			.map((request) -> request.getLoggedDate().getTime())
			.sorted()
			.toList();
		assertThat(arrivals).hasSizeGreaterThanOrEqualTo(4);
		assertThat(mostInOneSecond(arrivals)).isLessThanOrEqualTo(2 + 2);
	}

	private static int mostInOneSecond(List<Long> arrivals) {
		int most = 0;
		for (int first = 0; first < arrivals.size(); first++) {
			int last = first;
			while (last < arrivals.size() && arrivals.get(last) < arrivals.get(first) + 1000) {
				last++;
			}
			most = Math.max(most, last - first);
		}
		return most;
	}

	private static List<LoggedRequest> organizationRequests() {
		return auth0.findAll(getRequestedFor(urlPathMatching(UpstreamStubs.ORGANIZATIONS_PATH)));
	}

	private JsonNode body(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}

package dev.memberships.membership;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Auth0 gate for the tenant, shared by "pod A" and "pod B" through the machine's
 * Redis: what one pod learns closes the other, and both together stay under the tenant's
 * rate. Arrival times are taken at the Auth0 stub.
 */
class RedisTenantGateTests {

	private static final String KEY_PREFIX = "test-gate-" + UUID.randomUUID();

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension enos = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static RedisPods pods;

	private static RedisPods.Pod a;

	private static RedisPods.Pod b;

	private final JsonMapper json = new JsonMapper();

	@BeforeAll
	static void startPods() {
		pods = new RedisPods(RedisPods.REDIS_URL, KEY_PREFIX);
		// Generous bounds: the machine running the tests may be slow; the limits are
		// tight.
		String[] properties = { "memberships.deadline=10s", "memberships.redis.timeout=1s",
				"memberships.redis.auth0-rate.per-second=2", "memberships.redis.auth0-rate.burst=2" };
		a = pods.start(auth0, enos, properties);
		b = pods.start(auth0, enos, properties);
	}

	@AfterAll
	static void stopPods() {
		pods.close();
		RedisPods.deleteKeys(RedisPods.REDIS_URL, KEY_PREFIX);
	}

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
		body(a.memberships("auth0|warm-a"));
		body(b.memberships("auth0|warm-b"));
		// The reset is four to five seconds ahead (epoch seconds): beyond the 2 s the
		// requests give themselves, so the pods answer at once rather than wait.
		long reset = Instant.now().getEpochSecond() + 5;
		auth0.stubFor(UpstreamStubs.organizations()
			.willReturn(aResponse().withStatus(429)
				.withHeader("X-RateLimit-Limit", "2")
				.withHeader("X-RateLimit-Remaining", "0")
				.withHeader("X-RateLimit-Reset", Long.toString(reset))));
		auth0.resetRequests();
		JsonNode onA = body(a.memberships("auth0|limited-a", "Request-Timeout", "2s"));
		assertThat(onA.at("/sources/organizations/reason").asString()).isEqualTo("rate_limited");
		auth0.stubFor(UpstreamStubs.organizations().willReturn(UpstreamStubs.organizationsOk()));
		JsonNode onB = body(b.memberships("auth0|limited-b", "Request-Timeout", "2s"));
		assertThat(onB.at("/sources/organizations/status").asString()).isEqualTo("UNAVAILABLE");
		assertThat(onB.at("/sources/organizations/reason").asString()).isEqualTo("rate_limited");
		// After the reset B asks Auth0 again, and gets its answer.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(body(b.memberships("auth0|limited-b", "Cache-Control", "no-cache"))
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
					answers
						.add(a.membershipsAsync("auth0|rate-" + user.incrementAndGet(), "Cache-Control", "no-cache"));
					answers
						.add(b.membershipsAsync("auth0|rate-" + user.incrementAndGet(), "Cache-Control", "no-cache"));
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

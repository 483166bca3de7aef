package dev.memberships.redis;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.TestRedis;
import dev.memberships.testsupport.UpstreamStubs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped in the middle: a {@code redis-server} of the test's own, on a free port,
 * killed and started again. Every answer stays 200 with honest source statuses, the
 * health shows it without touching liveness or readiness, and once Redis is back the pods
 * share again.
 */
class RedisOutageTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	private static int port;

	private static Process redis;

	private static RedisPods pods;

	private static RedisPods.Pod a;

	private static RedisPods.Pod b;

	private final JsonMapper json = new JsonMapper();

	@BeforeAll
	static void startRedisAndPods() throws IOException {
		// The stubs are shared: forget what earlier classes stubbed and were asked.
		StubUpstreams.reset();
		port = TestRedis.freePort();
		startRedis();
		pods = new RedisPods("redis://127.0.0.1:" + port, "test-outage");
		String[] properties = { "memberships.deadline=10s", "memberships.redis.timeout=1s" };
		a = pods.start(properties);
		b = pods.start(properties);
	}

	@AfterAll
	static void stopPodsAndRedis() {
		pods.close();
		redis.destroyForcibly();
	}

	@Test
	void getMembershipsWhenRedisStopsShouldAnswerFromUpstreamsAndShareAgainOnceItIsBack() throws Exception {
		UpstreamStubs.tokens(auth0, enos);
		for (String user : List.of("auth0|before", "auth0|during", "auth0|after")) {
			UpstreamStubs.allOk(auth0, enos, user);
		}
		enos.stubFor(UpstreamStubs.structures().willReturn(UpstreamStubs.structuresOk("auth0|any")));
		enos.stubFor(UpstreamStubs.groups().willReturn(UpstreamStubs.groupsOk("auth0|any")));
		assertAllOk(a.memberships("auth0|before"));
		assertAllOk(b.memberships("auth0|before"));
		assertThat(organizationCalls("auth0|before")).isOne();

		redis.destroyForcibly().waitFor();
		assertAllOk(a.memberships("auth0|during"));
		assertAllOk(b.memberships("auth0|during"));
		assertAllOk(a.memberships("auth0|before"));
		// Each pod asked Auth0 itself: nothing was shared.
		assertThat(organizationCalls("auth0|during")).isEqualTo(2);
		// An eviction no other pod hears of: pub/sub is at most once.
		assertThat(a.management("DELETE", "/actuator/usercache/auth0%7Cbefore", TestTokens.admin()).statusCode())
			.isEqualTo(204);
		for (RedisPods.Pod pod : List.of(a, b)) {
			assertThat(pod.management("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
			assertThat(pod.management("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
			JsonNode health = this.json
				.readTree(pod.management("GET", "/actuator/health", TestTokens.service()).body());
			assertThat(health.at("/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/redis/details/available").asBoolean()).isFalse();
			assertThat(pod.context()
				.getBean(MeterRegistry.class)
				.find("memberships.redis.operations")
				.tags("operation", "get", "outcome", "error")
				.counter()).isNotNull().satisfies((failed) -> assertThat(failed.count()).isPositive());
		}

		startRedis();
		for (RedisPods.Pod pod : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.json.readTree(pod.management("GET", "/actuator/health", TestTokens.service()).body())
					.at("/components/redis/details/available")
					.asBoolean());
		}
		assertAllOk(a.memberships("auth0|after"));
		assertAllOk(b.memberships("auth0|after"));
		assertThat(organizationCalls("auth0|after")).isOne();
		// B forgets its copy once its own heartbeat arrives over the new subscription, so
		// the missed eviction holds there too.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertAllOk(b.memberships("auth0|before"));
			assertThat(organizationCalls("auth0|before")).isEqualTo(2);
		});
	}

	private void assertAllOk(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/sources/organizations/status").asString()).as(response.body()).isEqualTo("OK");
		assertThat(body.at("/sources/structures/status").asString()).as(response.body()).isEqualTo("OK");
		assertThat(body.at("/sources/userGroups/status").asString()).as(response.body()).isEqualTo("OK");
	}

	private static int organizationCalls(String user) {
		String path = "/api/v2/users/" + user.replace("|", "%7C") + "/organizations";
		return auth0.findAll(getRequestedFor(urlPathEqualTo(path))).size();
	}

	private static void startRedis() throws IOException {
		redis = TestRedis.start(port);
	}

}

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
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that stops answering but keeps every connection open ({@code CLIENT PAUSE ALL}
 * on a {@code redis-server} of the test's own): no connection closes, so only the
 * heartbeat on the eviction channel and the timeouts can tell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisHangTests {

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	private static final String PREFIX = "test-hang";

	private static Process redis;

	private static String url;

	private static RedisPods pods;

	private static RedisPods.Pod pod;

	private final JsonMapper json = new JsonMapper();

	@BeforeAll
	static void startRedisAndPod() throws IOException {
		StubUpstreams.reset();
		int port = TestRedis.freePort();
		redis = TestRedis.start(port);
		url = "redis://127.0.0.1:" + port;
		pods = new RedisPods(url, PREFIX);
		pod = pods.start("memberships.deadline=10s", "memberships.redis.heartbeat=200ms",
				"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s");
	}

	@AfterAll
	static void stopPodAndRedis() {
		pods.close();
		redis.destroyForcibly();
	}

	@Test
	@Order(1)
	void getMembershipsWhenRedisHungAndEvictionsWereMissedShouldForgetLocalCopiesOnceItAnswers() {
		UpstreamStubs.tokens(auth0, enos);
		String user = "auth0|hang";
		UpstreamStubs.allOk(auth0, enos, user);
		assertAllOk(pod.memberships(user));
		assertThat(organizationCalls(user)).isOne();
		pause(Duration.ofSeconds(2));
		// An eviction this pod never heard of: its entries are gone from Redis, and the
		// message went by while the channel was silent.
		RedisPods.deleteKeys(url, PREFIX + ":v1:entries");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertAllOk(pod.memberships(user));
			assertThat(organizationCalls(user)).isEqualTo(2);
		});
	}

	@Test
	@Order(2)
	void evictAllWhenRedisHangsShouldAnswer503IncompleteAndAnswersShouldGoOnFromUpstreams() {
		UpstreamStubs.tokens(auth0, enos);
		String user = "auth0|during-hang";
		UpstreamStubs.allOk(auth0, enos, user);
		try (Paused paused = Paused.start(url, Duration.ofSeconds(4))) {
			HttpResponse<String> evicted = pod.management("DELETE", "/actuator/usercache", TestTokens.admin());
			assertThat(evicted.statusCode()).as(evicted.body()).isEqualTo(503);
			assertThat(this.json.readTree(evicted.body()).at("/complete").asBoolean(true)).isFalse();
			assertAllOk(pod.memberships(user));
		}
	}

	private static void pause(Duration duration) {
		try (Paused paused = Paused.start(url, duration)) {
			// Closing waits until Redis answers again.
		}
	}

	private void assertAllOk(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/sources/organizations/status").asString()).as(response.body()).isEqualTo("OK");
		assertThat(body.at("/sources/structures/status").asString()).as(response.body()).isEqualTo("OK");
		assertThat(body.at("/sources/userGroups/status").asString()).as(response.body()).isEqualTo("OK");
	}

	private static int organizationCalls(String user) {
		String path = "/api/v2/users/" + user.replace("|", "%7C") + "/organizations";
		return auth0.findAll(getRequestedFor(urlPathEqualTo(path))).size();
	}

	/** {@code CLIENT PAUSE ... ALL}; closing waits until Redis answers again. */
	private record Paused(RedisClient client,
			StatefulRedisConnection<String, String> connection) implements AutoCloseable {

		static Paused start(String url, Duration duration) {
			RedisClient client = RedisClient.create(url);
			StatefulRedisConnection<String, String> connection = client.connect();
			connection.sync().clientPause(duration.toMillis());
			return new Paused(client, connection);
		}

		@Override
		public void close() {
			try {
				List.of(this.connection.sync().ping());
				this.connection.close();
			}
			finally {
				this.client.shutdown();
			}
		}

	}

}

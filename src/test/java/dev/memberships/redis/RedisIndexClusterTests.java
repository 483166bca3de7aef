package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.memberships.orgindex.TenantStubs;
import dev.memberships.testsupport.Auth0EventStubs;
import dev.memberships.testsupport.TestRedis;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared organization index on a Redis Cluster of three masters: its keys share one
 * hash tag, so the scripts that write a sweep run there as on a single server; a follower
 * loads the sweeper's index with no Auth0 call, and an event reaches the sweeper.
 */
class RedisIndexClusterTests {

	private static final String KEY_PREFIX = "test-index-cluster-" + UUID.randomUUID();

	private static final WireMockServer auth0A = new WireMockServer(wireMockConfig().dynamicPort());

	private static final WireMockServer auth0B = new WireMockServer(wireMockConfig().dynamicPort());

	private static RedisPods pods;

	private static RedisPods.Pod a;

	private static RedisPods.Pod b;

	@BeforeAll
	static void startSweeperThenFollower() {
		IndexPods.stubUpstreams(2, TenantStubs.of("org_1", List.of("auth0|1", "auth0|2", "auth0|3"), "org_2",
				List.of("auth0|1"), "org_3", List.of()), List.of(auth0A, auth0B));
		// Boot takes cluster.nodes over the URL.
		pods = new RedisPods(RedisPods.REDIS_URL, KEY_PREFIX);
		a = pods.start(properties(auth0A));
		await().atMost(Duration.ofSeconds(30)).until(() -> IndexPods.gauge(a, "ready") == 1);
		b = pods.start(properties(auth0B));
	}

	@AfterAll
	static void stopPods() {
		pods.close();
		List.of(auth0A, auth0B).forEach(WireMockServer::stop);
		RedisClusterClient client = RedisClusterClient.create(List.of(TestRedis.clusterNodes().split(","))
			.stream()
			.map((n) -> RedisURI.create("redis://" + n))
			.toList());
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			for (RedisClusterNode node : connection.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					ScanIterator<String> keys = ScanIterator.scan(connection.getConnection(node.getNodeId()).sync(),
							ScanArgs.Builder.matches(KEY_PREFIX + ":*"));
					List<String> found = new ArrayList<>();
					keys.forEachRemaining(found::add);
					found.forEach(connection.sync()::del);
				}
			}
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void followerOnAClusterShouldServeTheSweepersIndexAndSendItsEvents() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> IndexPods.gauge(b, "ready") == 1 && IndexPods.gauge(b, "memberships") == 4);
		assertThat(RedisPods.organizationIds(b.memberships("auth0|1"))).containsExactlyInAnyOrder("org_1", "org_2");
		String added = Auth0EventStubs.memberEvent("evt_index_cluster", "organization.member.added", "auth0|2", "org_3")
			.replace("2026-03-01T09:59:58Z", Instant.now().toString());
		assertThat(RedisEventsTests.postEvent(b, added).statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(RedisPods.organizationIds(a.memberships("auth0|2")))
				.containsExactlyInAnyOrder("org_1", "org_3"));
		assertThat(auth0B.findAll(getRequestedFor(urlPathMatching("/api/v2/.*")))).isEmpty();
		assertThat(auth0A.findAll(getRequestedFor(urlPathMatching("/api/v2/users/.+")))).isEmpty();
	}

	private static String[] properties(WireMockServer auth0) {
		return IndexPods.properties(auth0, "spring.data.redis.cluster.nodes=" + TestRedis.clusterNodes());
	}

}

package dev.memberships.redis;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.TestRedis;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DELETE /actuator/usercache} with the Redis level, on a single server and on a
 * Redis Cluster of three masters ({@link TestRedis#clusterNodes()}): every entry, user
 * index and lease of the shared level is deleted, on every master, and the tenant gate's
 * keys stay. The users filled in are {@code -Dredis.evict-all.users} (5,000 by default,
 * 20,000 keys; docs/scaling.md has the figure for 100,000); the time it took is printed,
 * not asserted.
 */
class RedisEvictAllTests {

	private static final int USERS = Integer.getInteger("redis.evict-all.users", 5000);

	private static final String SINGLE_PREFIX = "test-evict-all-" + UUID.randomUUID();

	private static final String CLUSTER_PREFIX = "test-evict-all-cluster-" + UUID.randomUUID();

	private static RedisPods pods;

	private static RedisPods.Pod single;

	private static RedisPods.Pod cluster;

	@BeforeAll
	static void startPods() {
		pods = new RedisPods(RedisPods.REDIS_URL, SINGLE_PREFIX);
		single = pods.start();
		// Its own RedisPods: another key prefix, and Boot takes cluster.nodes over the
		// url.
		RedisPods onCluster = new RedisPods(RedisPods.REDIS_URL, CLUSTER_PREFIX);
		cluster = onCluster.start("spring.data.redis.cluster.nodes=" + TestRedis.clusterNodes());
	}

	@AfterAll
	static void stopPods() {
		pods.close();
		cluster.context().close();
		RedisPods.deleteKeys(RedisPods.REDIS_URL, SINGLE_PREFIX);
		try (Redis redis = Redis.cluster(TestRedis.clusterNodes())) {
			redis.delete(CLUSTER_PREFIX + ":*");
		}
	}

	@Test
	void evictAllOnASingleServerShouldDeleteEveryEntryAndKeepTheGateKeys() throws Exception {
		try (Redis redis = Redis.single(RedisPods.REDIS_URL)) {
			assertEvictAllEmptiesEntriesAndKeepsTheGate(single, redis, SINGLE_PREFIX, "single server");
		}
	}

	@Test
	void evictAllOnAClusterShouldDeleteEveryEntryOnEveryMasterAndKeepTheGateKeys() throws Exception {
		try (Redis redis = Redis.cluster(TestRedis.clusterNodes())) {
			assertEvictAllEmptiesEntriesAndKeepsTheGate(cluster, redis, CLUSTER_PREFIX, "cluster");
			assertThat(redis.mastersHolding(CLUSTER_PREFIX + ":v1:entries:*")).isZero();
		}
	}

	private static void assertEvictAllEmptiesEntriesAndKeepsTheGate(RedisPods.Pod pod, Redis redis, String prefix,
			String where) throws Exception {
		RedisKeys keys = new RedisKeys(prefix);
		List<String> filled = new ArrayList<>();
		for (int user = 0; user < USERS; user++) {
			String id = "auth0|evict-all-" + user;
			filled.add(keys.entry("auth0", List.of(id)));
			filled.add(keys.entry("structures", List.of(id, "ou", "en")));
			filled.add(keys.entry("groups", List.of(id, "ou")));
			filled.add(keys.userIndex(id));
		}
		filled.add(keys.lease(keys.entry("auth0", List.of("auth0|loading"))));
		String gate = prefix + ":v1:gate:{auth0}";
		List<String> gateKeys = List.of(gate + ":closed-until", gate + ":bucket");
		redis.set(filled);
		redis.set(gateKeys);
		assertThat(redis.count(prefix + ":v1:entries:*")).isEqualTo(filled.size());
		long started = System.nanoTime();
		HttpResponse<String> answer = pod.management("DELETE", "/actuator/usercache", TestTokens.admin());
		long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		System.out.printf("evict-all on a %s: %,d users (%,d keys) in %,d ms%n", where, USERS, filled.size(), tookMs);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
		assertThat(redis.count(prefix + ":v1:entries:*")).isZero();
		assertThat(redis.count(gate + ":*")).isEqualTo(gateKeys.size());
	}

	/** The test's own client, on a single server or a cluster. */
	private record Redis(AbstractRedisClient client, RedisKeyAsyncCommands<String, String> keys,
			RedisStringAsyncCommands<String, String> strings, List<RedisKeyAsyncCommands<String, String>> nodes,
			AutoCloseable connection) implements AutoCloseable {

		static Redis single(String url) {
			RedisClient client = RedisClient.create(url);
			StatefulRedisConnection<String, String> connection = client.connect();
			return new Redis(client, connection.async(), connection.async(), List.of(connection.async()), connection);
		}

		static Redis cluster(String nodes) {
			RedisClusterClient client = RedisClusterClient.create(List.of(nodes.split(","))
				.stream()
				.map((node) -> "redis://" + node)
				.toList()
				.stream()
				.map(io.lettuce.core.RedisURI::create)
				.toList());
			StatefulRedisClusterConnection<String, String> connection = client.connect();
			List<RedisKeyAsyncCommands<String, String>> masters = new ArrayList<>();
			for (RedisClusterNode node : connection.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					masters.add(connection.getConnection(node.getNodeId()).async());
				}
			}
			return new Redis(client, connection.async(), connection.async(), masters, connection);
		}

		void set(List<String> keys) throws Exception {
			List<RedisFuture<String>> written = new ArrayList<>();
			for (String key : keys) {
				written.add(this.strings.set(key, "{\"loadedAt\":0,\"value\":[]}", SetArgs.Builder.px(600_000)));
			}
			for (RedisFuture<String> done : written) {
				done.get(30, TimeUnit.SECONDS);
			}
		}

		long count(String pattern) throws Exception {
			long count = 0;
			for (RedisKeyAsyncCommands<String, String> node : this.nodes) {
				ScanCursor cursor = ScanCursor.INITIAL;
				do {
					KeyScanCursor<String> found = node.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000))
						.get(30, TimeUnit.SECONDS);
					count += found.getKeys().size();
					cursor = found;
				}
				while (!cursor.isFinished());
			}
			return count;
		}

		int mastersHolding(String pattern) throws Exception {
			int holding = 0;
			for (RedisKeyAsyncCommands<String, String> node : this.nodes) {
				KeyScanCursor<String> found = node.scan(ScanArgs.Builder.matches(pattern).limit(100_000))
					.get(30, TimeUnit.SECONDS);
				holding += found.getKeys().isEmpty() ? 0 : 1;
			}
			return holding;
		}

		void delete(String pattern) {
			try {
				for (RedisKeyAsyncCommands<String, String> node : this.nodes) {
					ScanCursor cursor = ScanCursor.INITIAL;
					do {
						KeyScanCursor<String> found = node.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000))
							.get(30, TimeUnit.SECONDS);
						for (String key : found.getKeys()) {
							this.keys.del(key).get(30, TimeUnit.SECONDS);
						}
						cursor = found;
					}
					while (!cursor.isFinished());
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			try {
				this.connection.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				this.client.shutdown();
			}
		}

	}

}

package dev.memberships.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Deletes every key matching a pattern, on a single server and on every master of a Redis
 * Cluster: {@code SCAN MATCH … COUNT} then {@code UNLINK} of what it found, in bounded
 * batches, each with its own timeout, so that no batch blocks Redis and the operator
 * learns whether the sweep finished. Lettuce's own client rather than Spring's template:
 * a SCAN through the template reaches no node of a cluster, and only Lettuce's cluster
 * connection splits an {@code UNLINK} of many keys by slot.
 */
final class RedisSweep {

	private static final Logger log = LoggerFactory.getLogger(RedisSweep.class);

	private final LettuceConnectionFactory connectionFactory;

	private final int batch;

	private final Duration batchTimeout;

	RedisSweep(LettuceConnectionFactory connectionFactory, int batch, Duration batchTimeout) {
		this.connectionFactory = connectionFactory;
		this.batch = batch;
		this.batchTimeout = batchTimeout;
	}

	/**
	 * Deletes every key matching a pattern; stops at the first batch that fails or takes
	 * longer than the timeout.
	 * @param pattern a SCAN pattern
	 * @return how many keys were deleted, and whether every node was swept to its end
	 */
	Swept sweep(String pattern) {
		AbstractRedisClient client = this.connectionFactory.getRequiredNativeClient();
		try {
			return switch (client) {
				case RedisClusterClient cluster -> sweepCluster(cluster, pattern);
				case RedisClient single -> sweepSingle(single, pattern);
				default -> new Swept(0, false, "unsupported client " + client.getClass().getSimpleName());
			};
		}
		catch (RuntimeException ex) {
			log.warn("Sweeping {} failed", pattern, ex);
			return new Swept(0, false, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private Swept sweepSingle(RedisClient client, String pattern) {
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Swept swept = sweepNode(connection.async(), connection.async(), pattern, 0);
			log.info("Swept {} from Redis: {} keys deleted, complete: {} {}", pattern, swept.deleted(),
					swept.complete(), (swept.failure() != null) ? swept.failure() : "");
			return swept;
		}
	}

	private Swept sweepCluster(RedisClusterClient client, String pattern) {
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			List<RedisClusterNode> masters = new ArrayList<>();
			for (RedisClusterNode node : connection.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					masters.add(node);
				}
			}
			Swept swept = new Swept(0, true, null);
			for (RedisClusterNode master : masters) {
				// SCAN on the node that holds the keys; UNLINK through the cluster
				// connection, which splits the batch by slot.
				RedisKeyAsyncCommands<String, String> node = connection.getConnection(master.getNodeId()).async();
				swept = sweepNode(node, connection.async(), pattern, swept.deleted());
				if (!swept.complete()) {
					break;
				}
			}
			log.info("Swept {} from {} Redis Cluster masters: {} keys deleted, complete: {} {}", pattern,
					masters.size(), swept.deleted(), swept.complete(),
					(swept.failure() != null) ? swept.failure() : "");
			return swept;
		}
	}

	private Swept sweepNode(RedisKeyAsyncCommands<String, String> node, RedisKeyAsyncCommands<String, String> unlink,
			String pattern, long deletedBefore) {
		long deleted = deletedBefore;
		ScanCursor cursor = ScanCursor.INITIAL;
		ScanArgs args = ScanArgs.Builder.matches(pattern).limit(this.batch);
		try {
			do {
				KeyScanCursor<String> found = node.scan(cursor, args)
					.get(this.batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
				if (!found.getKeys().isEmpty()) {
					deleted += unlink.unlink(found.getKeys().toArray(String[]::new))
						.get(this.batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
				}
				cursor = found;
			}
			while (!cursor.isFinished());
			return new Swept(deleted, true, null);
		}
		catch (TimeoutException ex) {
			return new Swept(deleted, false, "a batch took longer than " + this.batchTimeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new Swept(deleted, false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Swept(deleted, false, "interrupted");
		}
	}

	/**
	 * What a sweep did.
	 *
	 * @param deleted the keys deleted
	 * @param complete whether every node was scanned to its end
	 * @param failure why it stopped early, or {@code null}
	 */
	public record Swept(long deleted, boolean complete, @Nullable String failure) {
	}

}

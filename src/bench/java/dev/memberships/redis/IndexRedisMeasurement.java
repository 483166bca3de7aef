package dev.memberships.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.bench.SyntheticTenant;
import dev.memberships.orgindex.BenchReplicas;
import dev.memberships.orgindex.IndexReplica;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Prints the Redis bytes the shared organization index takes per membership: writes a
 * tenant of {@code organizations} organizations and {@code memberships} memberships
 * (defaults 500 and 50,000; each user in 2 organizations, Auth0-style user ids,
 * organizations with metadata) as the sweeping pod does (one hash field per organization,
 * its read start in a sorted set, the sweep), then sums {@code MEMORY USAGE … SAMPLES 0}
 * (exact) of the keys, times a new pod's load of them into an empty index, and deletes
 * them. A program, not a test.
 * <p>
 * Run: {@code java -cp <test classpath of -Pbench>
 * dev.memberships.redis.IndexRedisMeasurement 500 50000 redis://127.0.0.1:6379}.
 */
public final class IndexRedisMeasurement {

	private IndexRedisMeasurement() {
	}

	public static void main(String[] args) {
		int organizations = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int memberships = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		String url = (args.length > 2) ? args[2] : "redis://127.0.0.1:6379";
		SyntheticTenant tenant = new SyntheticTenant(organizations, memberships / 2);
		RedisIndexCodec codec = new RedisIndexCodec(new JsonMapper());
		RedisKeys redisKeys = new RedisKeys("measure-" + UUID.randomUUID());
		RedisKeys.IndexKeys keys = redisKeys.index();
		RedisClient client = RedisClient.create(url);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			Instant start = Instant.now();
			long written = 0;
			long valueBytes = 0;
			for (int o = 0; o < organizations; o++) {
				Set<String> members = tenant.members(o);
				Auth0Organization organization = tenant.organization(o);
				String value = codec.organization(organization, members, start);
				redis.hset(keys.organizations(), organization.id(), value);
				redis.zadd(keys.readStarts(), start.toEpochMilli(), organization.id());
				written += members.size();
				valueBytes += value.length();
			}
			redis.set(keys.sweep(), codec.sweep(new RedisIndexCodec.PublishedSweep(start.toEpochMilli(),
					Instant.now().toEpochMilli(), organizations, RedisIndexCodec.PublishedSweep.FORMAT)));
			long bytes = 0;
			for (String key : keys.all()) {
				bytes += redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
			}
			long loadMillis = followerLoad(url, redisKeys, codec);
			redis.del(keys.all().toArray(String[]::new));
			System.out.printf("organizations: %,d, memberships: %,d%n", organizations, written);
			System.out.printf("Redis bytes (MEMORY USAGE, exact): %,d KiB, per membership: %,d bytes%n", bytes >> 10,
					bytes / written);
			System.out.printf("JSON values: %,d KiB, per membership: %,d bytes%n", valueBytes >> 10,
					valueBytes / written);
			System.out.printf("a new pod's load of it (HSCAN, into an empty index): %,d ms%n", loadMillis);
		}
		finally {
			client.shutdown();
		}
	}

	/** Times a follower's first load, as a new pod's warm-up step runs it. */
	private static long followerLoad(String url, RedisKeys keys, RedisIndexCodec codec) {
		RedisURI uri = RedisURI.create(url);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
		factory.afterPropertiesSet();
		factory.start();
		try {
			IndexReplica replica = BenchReplicas.replica();
			RedisSweepLoader loader = new RedisSweepLoader(new ReactiveStringRedisTemplate(factory), keys, codec,
					replica, Duration.ofSeconds(5));
			long start = System.nanoTime();
			if (!loader.loadNewer()) {
				throw new IllegalStateException("nothing loaded");
			}
			return Duration.ofNanos(System.nanoTime() - start).toMillis();
		}
		finally {
			factory.destroy();
		}
	}

}

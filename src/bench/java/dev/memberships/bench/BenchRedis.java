package dev.memberships.bench;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The Redis the two-pod scenario's pods share: {@code REDIS_URL}, or the machine's,
 * started when none answers; and the run's keys deleted afterwards.
 */
final class BenchRedis {

	static final String URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

	private BenchRedis() {
	}

	// Without REDIS_URL, as .ci/run does: the machine's Redis, started when none answers.
	static void ensure() throws Exception {
		if (ping()) {
			return;
		}
		if (System.getenv("REDIS_URL") != null) {
			throw new IllegalStateException("No Redis answers at REDIS_URL " + URL);
		}
		System.out.println("Starting redis-server on 127.0.0.1:6379 (no persistence)");
		Process server = new ProcessBuilder("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port",
				"6379", "--save", "", "--appendonly", "no")
			.inheritIO()
			.start();
		server.waitFor(10, TimeUnit.SECONDS);
		for (int i = 0; i < 50; i++) {
			if (ping()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("redis-server did not answer at " + URL);
	}

	private static boolean ping() {
		RedisClient client = RedisClient.create(URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return "PONG".equals(connection.sync().ping());
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			client.shutdown();
		}
	}

	// The entries would expire (max-stale); deleting them leaves the machine's Redis
	// as it was.
	static void deleteKeys(String prefix) {
		RedisClient client = RedisClient.create(URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ScanIterator<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + ":*"));
			while (keys.hasNext()) {
				connection.sync().del(keys.next());
			}
		}
		catch (RuntimeException ex) {
			System.out.println("Could not delete the keys under " + prefix + ": " + ex);
		}
		finally {
			client.shutdown();
		}
	}

}

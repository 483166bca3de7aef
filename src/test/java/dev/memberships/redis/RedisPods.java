package dev.memberships.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.memberships.MembershipsApplication;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of the whole service in one test, "pods" sharing one Redis and the shared
 * {@link StubUpstreams}: each its own application context on its own ports. The test
 * Redis is {@link TestRedis}'s (the machine's own, or one started for the tests); every
 * test class uses keys under a prefix of its own, deleted at the end. Most classes want
 * two pods on that Redis: {@link Two}.
 */
final class RedisPods implements AutoCloseable {

	static final String REDIS_URL = TestRedis.url();

	private static final JsonMapper JSON = new JsonMapper();

	private final List<ConfigurableApplicationContext> pods = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String redisUrl;

	private final String keyPrefix;

	RedisPods(String redisUrl, String keyPrefix) {
		this.redisUrl = redisUrl;
		this.keyPrefix = keyPrefix;
	}

	/** Starts a pod; properties given later win over the defaults. */
	Pod start(String... properties) {
		Map<String, Object> defaults = new LinkedHashMap<>(StubUpstreams.properties());
		defaults.put("server.port", "0");
		defaults.put("management.server.port", "0");
		defaults.put("memberships.redis.enabled", "true");
		defaults.put("memberships.redis.key-prefix", this.keyPrefix);
		defaults.put("spring.data.redis.url", this.redisUrl);
		defaults.put("spring.main.banner-mode", "off");
		for (String property : properties) {
			int equals = property.indexOf('=');
			defaults.put(property.substring(0, equals), property.substring(equals + 1));
		}
		// As command-line arguments: they win over application.yml.
		String[] arguments = defaults.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MembershipsApplication.class)
			.run(arguments);
		this.pods.add(context);
		return new Pod(context, this.http);
	}

	/** Deletes every key under the prefix. */
	static void deleteKeys(String redisUrl, String keyPrefix) {
		RedisClient client = RedisClient.create(redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ScanIterator<String> keys = ScanIterator.scan(connection.sync(),
					ScanArgs.Builder.matches(keyPrefix + ":*"));
			while (keys.hasNext()) {
				connection.sync().del(keys.next());
			}
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	public void close() {
		this.pods.forEach(ConfigurableApplicationContext::close);
	}

	/**
	 * Pods "A" and "B" on the machine's Redis, under a key prefix of their own, for a
	 * test class to register as a static extension: started before its first test, closed
	 * and their keys deleted after its last, with the shared stubs reset before each
	 * test.
	 */
	static final class Two implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

		private final String keyPrefix;

		private final String[] properties;

		private RedisPods pods;

		private Pod a;

		private Pod b;

		/** Both pods get the same properties; the key prefix starts with the name. */
		Two(String name, String... properties) {
			this.keyPrefix = name + "-" + UUID.randomUUID();
			this.properties = properties;
		}

		String keyPrefix() {
			return this.keyPrefix;
		}

		Pod a() {
			return this.a;
		}

		Pod b() {
			return this.b;
		}

		@Override
		public void beforeAll(ExtensionContext context) {
			this.pods = new RedisPods(REDIS_URL, this.keyPrefix);
			this.a = this.pods.start(this.properties);
			this.b = this.pods.start(this.properties);
		}

		@Override
		public void beforeEach(ExtensionContext context) {
			StubUpstreams.reset();
		}

		@Override
		public void afterAll(ExtensionContext context) {
			this.pods.close();
			deleteKeys(REDIS_URL, this.keyPrefix);
		}

	}

	/** One instance of the service and how to ask it. */
	record Pod(ConfigurableApplicationContext context, HttpClient http) {

		int port() {
			return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		}

		int managementPort() {
			return Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
		}

		HttpResponse<String> memberships(String userId, String... headers) {
			return this.http.sendAsync(request(userId, headers).build(), HttpResponse.BodyHandlers.ofString()).join();
		}

		CompletableFuture<HttpResponse<String>> membershipsAsync(String userId, String... headers) {
			return this.http.sendAsync(request(userId, headers).build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> management(String method, String path, String token) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + managementPort() + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, HttpRequest.BodyPublishers.noBody());
			if (token != null) {
				request.header("Authorization", TestTokens.bearer(token));
			}
			return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join();
		}

		private HttpRequest.Builder request(String userId, String... headers) {
			String path = "/users/" + userId.replace("|", "%7C") + "/memberships";
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", TestTokens.bearer(TestTokens.service()));
			if (headers.length > 0) {
				request.headers(headers);
			}
			return request;
		}

	}

	/** The organization ids of a memberships answer, which must be a 200. */
	static List<String> organizationIds(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body())
			.at("/organizations")
			.valueStream()
			.map((organization) -> organization.at("/id").asString())
			.toList();
	}

}

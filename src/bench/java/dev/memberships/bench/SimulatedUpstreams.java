package dev.memberships.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.memberships.enos.EnosSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auth0 and the EnOS API gateway, simulated over real HTTP for the benchmark: the same
 * protocols as the demo upstreams (client-credentials token, paged organizations with
 * {@code X-RateLimit-*} headers, EnOS token, signed batch calls with envelopes), but with
 * generated users, a configurable latency, a real token-bucket rate limit on Auth0's
 * Management API, an off switch for EnOS user groups, and counters: calls per endpoint,
 * EnOS batch sizes, 429s, and requests that arrived before a reset this server had
 * advertised.
 * <p>
 * Every known user is {@code bench|<anything>}, in the OU {@link #OU}, with 3
 * organizations (2 metadata entries each), 2 structures and 2 groups: the shape
 * {@code CacheHeapMeasurement} uses.
 */
final class SimulatedUpstreams implements AutoCloseable {

	static final String CLIENT_ID = "bench-client";

	static final String CLIENT_SECRET = "bench-secret";

	static final String APP_KEY = "bench-app-key";

	static final String APP_SECRET = "bench-app-secret";

	static final String OU = "ou_bench";

	static final String AUTH0_TOKEN = "auth0-token";

	static final String AUTH0_ORGS = "auth0-organizations";

	static final String ENOS_TOKEN = "enos-token";

	static final String ENOS_STRUCTURES = "enos-structures";

	static final String ENOS_GROUPS = "enos-groups";

	static final List<String> ENDPOINTS = List.of(AUTH0_TOKEN, AUTH0_ORGS, ENOS_TOKEN, ENOS_STRUCTURES, ENOS_GROUPS);

	/**
	 * A request counts as sent before an advertised reset only when it arrives this long
	 * after the advertising answer left: a request already on its way when the answer
	 * left could not have known.
	 */
	static final long ADVERTISEMENT_GRACE_MILLIS = 10;

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String STRUCTURES_PATH = "/enos/app-portal-service/v2.2/userStructures/structureList";

	private static final String GROUPS_PATH = "/enos/app-portal-service/v2.2/userGroup/getUsersUserGroupList";

	private static final String ORGS_PREFIX = "/auth0/api/v2/users/";

	private final HttpServer server;

	// Platform threads: the simulated upstreams must not share the virtual-thread
	// scheduler (2 carriers here) with the service they are measuring.
	private final ExecutorService executor = Executors
		.newCachedThreadPool(Thread.ofPlatform().daemon().name("upstream-", 0).factory());

	private final String baseUrl;

	private final byte[] jwks;

	private final Set<String> auth0Tokens = ConcurrentHashMap.newKeySet();

	private volatile String enosToken;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean groupsDown;

	private volatile TokenBucket auth0Limit = TokenBucket.unlimited();

	private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> maxBatch = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> batchUsers = new ConcurrentHashMap<>();

	private final LongAdder tooManyRequests = new LongAdder();

	private final LongAdder earlyRequests = new LongAdder();

	// The latest reset advertised (epoch ms) and when the answer advertising it left.
	private long advertisedReset;

	private long advertisedAt;

	SimulatedUpstreams(byte[] jwks) {
		this.jwks = jwks;
		ENDPOINTS.forEach((endpoint) -> {
			this.calls.put(endpoint, new LongAdder());
			this.maxBatch.put(endpoint, new AtomicInteger());
			this.batchUsers.put(endpoint, new LongAdder());
		});
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		// The dispatcher inherits daemon status: it never keeps the JVM alive.
		Thread starter = Thread.ofPlatform().daemon().start(this.server::start);
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String jwkSetUri() {
		return this.baseUrl + "/jwks.json";
	}

	/** The {@code memberships.*} properties pointing the service here. */
	Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("memberships.demo.enabled", "false");
		properties.put("memberships.auth0.base-url", this.baseUrl + "/auth0");
		properties.put("memberships.auth0.client-id", CLIENT_ID);
		properties.put("memberships.auth0.client-secret", CLIENT_SECRET);
		properties.put("memberships.enos.base-url", this.baseUrl + "/enos");
		properties.put("memberships.enos.app-key", APP_KEY);
		properties.put("memberships.enos.app-secret", APP_SECRET);
		properties.put("memberships.enos.organization-id", OU);
		return properties;
	}

	/** Every endpoint, tokens included, answers after this. */
	void latency(Duration latency) {
		this.latency = latency;
	}

	/** Auth0's Management API limit: {@code perSecond} refill, {@code burst} bucket. */
	void auth0RateLimit(double perSecond, int burst) {
		this.auth0Limit = new TokenBucket(perSecond, burst);
	}

	void auth0Unlimited() {
		this.auth0Limit = TokenBucket.unlimited();
	}

	/** EnOS user groups answers 503 at once, as a gateway whose backend is down. */
	void groupsDown(boolean down) {
		this.groupsDown = down;
	}

	Counts counts() {
		Map<String, Long> calls = new LinkedHashMap<>();
		Map<String, Long> users = new LinkedHashMap<>();
		ENDPOINTS.forEach((endpoint) -> {
			calls.put(endpoint, this.calls.get(endpoint).sum());
			users.put(endpoint, this.batchUsers.get(endpoint).sum());
		});
		return new Counts(calls, users, this.tooManyRequests.sum(), this.earlyRequests.sum());
	}

	/** The largest EnOS batch since the last call, per endpoint; resets it. */
	int takeMaxBatch(String endpoint) {
		return this.maxBatch.get(endpoint).getAndSet(0);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		long arrival = System.currentTimeMillis();
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			if (path.equals("/jwks.json")) {
				send(exchange, 200, this.jwks);
			}
			else if (method.equals("POST") && path.equals("/auth0/oauth/token")) {
				count(AUTH0_TOKEN);
				auth0Token(exchange);
			}
			else if (method.equals("GET") && path.startsWith(ORGS_PREFIX) && path.endsWith("/organizations")) {
				count(AUTH0_ORGS);
				organizations(exchange, path.substring(ORGS_PREFIX.length(), path.length() - "/organizations".length()),
						arrival);
			}
			else if (method.equals("POST") && path.equals("/enos/apim-token-service/v2.0/token/get")) {
				count(ENOS_TOKEN);
				enosToken(exchange);
			}
			else if (method.equals("POST") && path.equals(STRUCTURES_PATH)) {
				count(ENOS_STRUCTURES);
				enos(exchange, ENOS_STRUCTURES);
			}
			else if (method.equals("POST") && path.equals(GROUPS_PATH)) {
				count(ENOS_GROUPS);
				if (this.groupsDown) {
					send(exchange, 503, object("code", 503, "message", "Service Unavailable"));
				}
				else {
					enos(exchange, ENOS_GROUPS);
				}
			}
			else {
				send(exchange, 404, object("statusCode", 404, "error", "Not Found"));
			}
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			throw ex;
		}
	}

	private void count(String endpoint) {
		this.calls.get(endpoint).increment();
	}

	private void auth0Token(HttpExchange exchange) throws IOException {
		Map<String, String> form = form(new String(body(exchange), StandardCharsets.UTF_8));
		pause();
		if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
				|| !CLIENT_SECRET.equals(form.get("client_secret"))) {
			send(exchange, 401, object("error", "access_denied", "error_description", "Unauthorized"));
			return;
		}
		String token = "bench-auth0-" + UUID.randomUUID();
		this.auth0Tokens.add(token);
		send(exchange, 200, object("access_token", token, "expires_in", 86400, "scope", "read:organizations",
				"token_type", "Bearer"));
	}

	private void organizations(HttpExchange exchange, String rawUserId, long arrival) throws IOException {
		// The limit is judged on arrival; the answer (and what it advertises) leaves after
		// the latency, as with a real server.
		TokenBucket.Decision decision = this.auth0Limit.take(arrival);
		synchronized (this) {
			if (arrival >= this.advertisedAt + ADVERTISEMENT_GRACE_MILLIS && arrival < this.advertisedReset) {
				this.earlyRequests.increment();
				System.out.printf("Auth0 request at %d, %d ms after an answer advertised a reset at %d (%d ms early)%n",
						arrival, arrival - this.advertisedAt, this.advertisedReset, this.advertisedReset - arrival);
			}
		}
		pause();
		exchange.getResponseHeaders().set("X-RateLimit-Limit", Long.toString(decision.limit()));
		exchange.getResponseHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
		exchange.getResponseHeaders().set("X-RateLimit-Reset", Long.toString(decision.resetEpochSecond()));
		if (!decision.allowed()) {
			this.tooManyRequests.increment();
			send(exchange, 429, object("statusCode", 429, "error", "Too Many Requests", "message",
					"Global limit has been reached", "errorCode", "too_many_requests"));
			advertised(decision);
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer ")
				|| !this.auth0Tokens.contains(authorization.substring(7))) {
			send(exchange, 401, object("statusCode", 401, "error", "Unauthorized", "message", "Invalid token"));
			return;
		}
		String userId = URLDecoder.decode(rawUserId.replace("+", "%2B"), StandardCharsets.UTF_8);
		if (!userId.startsWith("bench|")) {
			send(exchange, 404, object("statusCode", 404, "error", "Not Found", "message", "The user does not exist.",
					"errorCode", "inexistent_user"));
			return;
		}
		int hash = Math.floorMod(userId.hashCode(), 1000);
		List<Object> organizations = new ArrayList<>();
		for (int n = 1; n <= 3; n++) {
			int id = (hash + n * 337) % 1000;
			organizations.add(object("id", "org_" + id, "name", "org-" + id, "display_name", "Organization " + id,
					"metadata", object("tier", (id % 2 == 0) ? "gold" : "silver", "region", "eu-" + n)));
		}
		send(exchange, 200, object("start", 0, "limit", 100, "total", 3, "organizations", organizations));
		advertised(decision);
	}

	// Once an answer saying "no more before the reset" has been written, the client can
	// know it: requests arriving later (after the grace) and before the reset are early.
	private void advertised(TokenBucket.Decision decision) {
		if (decision.remaining() <= 0) {
			synchronized (this) {
				long reset = decision.resetEpochSecond() * 1000;
				if (reset > this.advertisedReset) {
					this.advertisedReset = reset;
					this.advertisedAt = System.currentTimeMillis();
				}
			}
		}
	}

	private void enosToken(HttpExchange exchange) throws IOException {
		JsonNode request = json(body(exchange));
		pause();
		String appKey = text(request, "appKey");
		JsonNode timestamp = (request != null) ? request.get("timestamp") : null;
		if (!APP_KEY.equals(appKey) || timestamp == null || !EnosSignature
			.forToken(appKey, timestamp.asLong(), APP_SECRET)
			.equals(text(request, "encryption"))) {
			send(exchange, 200, object("status", 10003, "msg", "Invalid appKey or encryption"));
			return;
		}
		String token;
		synchronized (this) {
			if (this.enosToken == null) {
				this.enosToken = "bench-enos-" + UUID.randomUUID();
			}
			token = this.enosToken;
		}
		send(exchange, 200, object("status", 0, "msg", "Success", "business", "0", "data",
				object("accessToken", token, "expire", 7200)));
	}

	private void enos(HttpExchange exchange, String endpoint) throws IOException {
		byte[] body = body(exchange);
		JsonNode request = json(body);
		List<String> userIds = new ArrayList<>();
		JsonNode ids = (request != null) ? request.get("userIds") : null;
		if (ids != null && ids.isArray()) {
			ids.values().forEach((id) -> userIds.add(id.stringValue()));
		}
		this.batchUsers.get(endpoint).add(userIds.size());
		this.maxBatch.get(endpoint).accumulateAndGet(userIds.size(), Math::max);
		pause();
		String token = exchange.getRequestHeaders().getFirst("apim-accesstoken");
		String timestamp = exchange.getRequestHeaders().getFirst("apim-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("apim-signature");
		if (token == null || !token.equals(this.enosToken)) {
			send(exchange, 200, object("code", 1203, "message", "access token invalid or expired"));
			return;
		}
		if (timestamp == null || signature == null || !signature
			.equals(EnosSignature.forRequest(token, Map.of(), body, Long.parseLong(timestamp), APP_SECRET))) {
			send(exchange, 200, object("code", 1202, "message", "signature invalid"));
			return;
		}
		if (!OU.equals(text(request, "organizationId")) || userIds.isEmpty() || userIds.size() > 1000) {
			send(exchange, 200, object("code", 31404, "message", "OU not found"));
			return;
		}
		List<Object> users = new ArrayList<>();
		Map<String, Object> items = new LinkedHashMap<>();
		boolean structures = endpoint.equals(ENOS_STRUCTURES);
		String prefix = structures ? "st_" : "ug_";
		for (String userId : userIds) {
			int hash = Math.floorMod(userId.hashCode(), 100);
			List<String> assigned = List.of(prefix + hash, prefix + ((hash + 7) % 100));
			users.add(object("userId", userId, structures ? "structureIds" : "userGroupIds", assigned));
			assigned.forEach((id) -> items.putIfAbsent(id, object("name", (structures ? "Plant " : "Group ") + id, "id", id)));
		}
		Object data = structures
				? object("usersUserStructures", users, "userStructures", List.copyOf(items.values()))
				: object("usersUserGroups", users, "userGroups", List.copyOf(items.values()));
		send(exchange, 200, object("code", 0, "message", "OK", "data", data));
	}

	private void pause() {
		Duration latency = this.latency;
		if (!latency.isZero()) {
			try {
				Thread.sleep(latency);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return in.readAllBytes();
		}
	}

	private static JsonNode json(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static Map<String, String> form(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	private static Map<String, Object> object(Object... namesAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			object.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return object;
	}

	private static void send(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, (body instanceof byte[] bytes) ? bytes : JSON.writeValueAsBytes(body));
	}

	private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * What the upstreams counted so far.
	 *
	 * @param calls calls per endpoint
	 * @param batchUsers user ids asked for per EnOS endpoint
	 * @param tooManyRequests 429s answered by Auth0
	 * @param earlyRequests Auth0 requests that arrived before a reset advertised earlier
	 */
	record Counts(Map<String, Long> calls, Map<String, Long> batchUsers, long tooManyRequests, long earlyRequests) {

		Counts minus(Counts before) {
			Map<String, Long> calls = new LinkedHashMap<>();
			Map<String, Long> users = new LinkedHashMap<>();
			this.calls.forEach((endpoint, n) -> calls.put(endpoint, n - before.calls.get(endpoint)));
			this.batchUsers.forEach((endpoint, n) -> users.put(endpoint, n - before.batchUsers.get(endpoint)));
			return new Counts(calls, users, this.tooManyRequests - before.tooManyRequests,
					this.earlyRequests - before.earlyRequests);
		}

		long total() {
			return this.calls.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	/**
	 * A token bucket judged in epoch milliseconds, as Auth0's limits are: {@code rate}
	 * tokens a second up to {@code burst}.
	 */
	static final class TokenBucket {

		private final double rate;

		private final int burst;

		private double tokens;

		private long last;

		TokenBucket(double rate, int burst) {
			this.rate = rate;
			this.burst = burst;
			this.tokens = burst;
			this.last = System.currentTimeMillis();
		}

		static TokenBucket unlimited() {
			return new TokenBucket(1_000_000, 1_000_000);
		}

		synchronized Decision take(long now) {
			this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.rate / 1000);
			this.last = Math.max(this.last, now);
			boolean allowed = this.tokens >= 1;
			if (allowed) {
				this.tokens -= 1;
			}
			long remaining = (long) Math.floor(this.tokens);
			// When the next request will find a token, in whole epoch seconds (rounded up).
			double untilToken = (this.tokens >= 1) ? 0 : (1 - this.tokens) * 1000 / this.rate;
			long reset = (long) Math.ceil((now + untilToken) / 1000.0);
			return new Decision(allowed, this.burst, remaining, reset);
		}

		record Decision(boolean allowed, long limit, long remaining, long resetEpochSecond) {
		}

	}

}

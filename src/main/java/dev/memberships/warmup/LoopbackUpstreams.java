package dev.memberships.warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auth0 and the EnOS gateway as the warm-up's requests see them: an HTTP server on the
 * loopback interface, in this process, for the request path's warm-up only. It answers
 * the warm-up's own users ({@link WarmUpUsers}) with one organization, structure and
 * group each, and every other user with {@code 503}, so that nothing but the warm-up's
 * requests can ever be answered from here (a caller reaching the pod before it is ready
 * gets a partial answer, not made-up data). Its tokens expire at once, so that a token
 * fetched from here is never used for a real upstream.
 */
final class LoopbackUpstreams implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor;

	private final WarmUpUsers users;

	private LoopbackUpstreams(HttpServer server, ExecutorService executor, WarmUpUsers users) {
		this.server = server;
		this.executor = executor;
		this.users = users;
	}

	static LoopbackUpstreams start(WarmUpUsers users) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
			ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
			LoopbackUpstreams upstreams = new LoopbackUpstreams(server, executor, users);
			server.createContext("/", upstreams::answer);
			server.setExecutor(executor);
			server.start();
			return upstreams;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the warm-up's loopback upstreams", ex);
		}
	}

	/** {@code http://127.0.0.1:port}. */
	String baseUrl() {
		return "http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			byte[] body = exchange.getRequestBody().readAllBytes();
			String answer = answer(path, body);
			if (answer == null) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	private @Nullable String answer(String path, byte[] body) {
		if (path.endsWith("/oauth/token")) {
			return "{\"access_token\":\"warm-up\",\"expires_in\":1,\"token_type\":\"Bearer\"}";
		}
		if (path.endsWith("/token/get")) {
			return "{\"status\":0,\"msg\":\"Success\",\"data\":{\"accessToken\":\"warm-up\",\"expire\":1}}";
		}
		if (path.contains("/api/v2/users/") && path.endsWith("/organizations")) {
			String encoded = path.substring(path.indexOf("/api/v2/users/") + "/api/v2/users/".length(),
					path.length() - "/organizations".length());
			return this.users.isWarmUpUser(URLDecoder.decode(encoded, StandardCharsets.UTF_8))
					? "{\"start\":0,\"limit\":100,\"total\":1,\"organizations\":[{\"id\":\"org_warm_up\","
							+ "\"name\":\"warm-up\",\"display_name\":\"Warm-up\",\"metadata\":{\"tier\":\"none\"}}]}"
					: null;
		}
		JsonNode request = json.readTree(body);
		if (!this.users.areWarmUpUsers(request.path("userIds"))) {
			return null;
		}
		if (path.endsWith("/structureList")) {
			return enos(request, "usersUserStructures", "structureIds", "userStructures", "st_warm_up");
		}
		if (path.endsWith("/getUsersUserGroupList")) {
			return enos(request, "usersUserGroups", "userGroupIds", "userGroups", "ug_warm_up");
		}
		return null;
	}

	private static String enos(JsonNode request, String usersField, String idsField, String itemsField, String id) {
		StringBuilder users = new StringBuilder();
		for (JsonNode userId : request.path("userIds")) {
			users.append(users.isEmpty() ? "" : ",")
				.append("{\"userId\":")
				.append(json.writeValueAsString(userId.asString()))
				.append(",\"")
				.append(idsField)
				.append("\":[\"")
				.append(id)
				.append("\"]}");
		}
		return "{\"code\":0,\"message\":\"OK\",\"data\":{\"" + usersField + "\":[" + users + "],\"" + itemsField
				+ "\":[{\"id\":\"" + id + "\",\"name\":\"Warm-up\"}]}}";
	}

}

package dev.memberships.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import tools.jackson.databind.JsonNode;

/**
 * Auth0's {@code POST /oauth/token}, client-credentials grant only, with a form or JSON
 * body as Auth0 accepts both. Every grant mints a new token, as Auth0 does; the
 * Management API accepts any token minted here.
 */
final class DemoAuth0TokenHandler implements HttpHandler {

	static final String PATH = "/auth0/oauth/token";

	/**
	 * What the demo's application is granted: the per-user reads and the index's lists.
	 */
	static final String SCOPE = "read:organizations read:organization_members";

	private final String audience;

	private final UpstreamConditions conditions;

	private final UpstreamTraffic traffic;

	private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

	/**
	 * A handler that grants tokens for one audience only.
	 * @param audience the only audience granted: {@code <base-url>/api/v2/}
	 * @param conditions the latency to wait
	 * @param traffic where the call is counted
	 */
	DemoAuth0TokenHandler(String audience, UpstreamConditions conditions, UpstreamTraffic traffic) {
		this.audience = audience;
		this.conditions = conditions;
		this.traffic = traffic;
	}

	boolean isValid(String token) {
		return token != null && this.issuedTokens.contains(token);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getRawPath().equals(PATH)) {
				DemoHttp.send(exchange, 404, DemoHttp.object("statusCode", 404, "error", "Not Found"));
				return;
			}
			this.traffic.call(UpstreamTraffic.AUTH0_TOKEN);
			byte[] body = DemoHttp.body(exchange);
			this.conditions.pause();
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			Map<String, String> request = (contentType != null && contentType.contains("json")) ? fromJson(body)
					: DemoHttp.form(new String(body, StandardCharsets.UTF_8));
			if (!"client_credentials".equals(request.get("grant_type"))) {
				DemoHttp.send(exchange, 400, DemoHttp.object("error", "unsupported_grant_type", "error_description",
						"Unsupported grant type: " + request.get("grant_type")));
				return;
			}
			if (!DemoData.CLIENT_ID.equals(request.get("client_id"))
					|| !DemoData.CLIENT_SECRET.equals(request.get("client_secret"))) {
				DemoHttp.send(exchange, 401,
						DemoHttp.object("error", "access_denied", "error_description", "Unauthorized"));
				return;
			}
			if (!this.audience.equals(request.get("audience"))) {
				DemoHttp.send(exchange, 401, DemoHttp.object("error", "access_denied", "error_description",
						"Service not enabled within domain: " + request.get("audience")));
				return;
			}
			String token = "demo-auth0-" + UUID.randomUUID();
			this.issuedTokens.add(token);
			DemoHttp.send(exchange, 200, DemoHttp.object("access_token", token, "expires_in", 86400, "scope", SCOPE,
					"token_type", "Bearer"));
		}
	}

	private static Map<String, String> fromJson(byte[] body) {
		JsonNode json = DemoHttp.json(body);
		Map<String, String> fields = new LinkedHashMap<>();
		for (String name : List.of("grant_type", "client_id", "client_secret", "audience")) {
			fields.put(name, DemoHttp.text(json, name));
		}
		return fields;
	}

}

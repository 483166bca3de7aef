package dev.memberships.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.memberships.enos.EnosSignature;
import tools.jackson.databind.JsonNode;

/**
 * The EnOS token service: {@code POST .../token/get} and {@code .../token/refresh}. Like
 * the real one it hands back the same token while that token is valid, with the seconds
 * it has left, and answers failures with HTTP 200 and a non-zero {@code status}. The
 * failure statuses (10001 bad parameters, 10003 not authenticated) are this demo's own.
 */
final class DemoEnosTokenHandler implements HttpHandler {

	static final String PREFIX = "/enos/apim-token-service/v2.0/token/";

	private static final Duration LIFETIME = Duration.ofSeconds(7200);

	private final UpstreamConditions conditions;

	private final UpstreamTraffic traffic;

	private String token;

	private Instant expiresAt = Instant.MIN;

	DemoEnosTokenHandler(UpstreamConditions conditions, UpstreamTraffic traffic) {
		this.conditions = conditions;
		this.traffic = traffic;
	}

	/** Whether API calls may use this token: the current one, not yet expired. */
	synchronized boolean isValid(String candidate) {
		return candidate != null && candidate.equals(this.token) && Instant.now().isBefore(this.expiresAt);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String operation = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
			if (!exchange.getRequestMethod().equals("POST")
					|| !(operation.equals("get") || operation.equals("refresh"))) {
				DemoHttp.send(exchange, 404, failure(404, "Not Found"));
				return;
			}
			this.traffic.call(UpstreamTraffic.ENOS_TOKEN);
			JsonNode request = DemoHttp.json(DemoHttp.body(exchange));
			this.conditions.pause();
			String appKey = DemoHttp.text(request, "appKey");
			String encryption = DemoHttp.text(request, "encryption");
			Long timestamp = timestamp(request);
			if (appKey == null || encryption == null || timestamp == null) {
				DemoHttp.send(exchange, 200, failure(10001, "appKey, encryption and timestamp are required"));
				return;
			}
			if (!DemoData.APP_KEY.equals(appKey)
					|| !EnosSignature.forToken(appKey, timestamp, DemoData.APP_SECRET).equals(encryption)) {
				DemoHttp.send(exchange, 200, failure(10003, "Invalid appKey or encryption"));
				return;
			}
			boolean refresh = operation.equals("refresh");
			if (refresh && !isValid(DemoHttp.text(request, "accessToken"))) {
				DemoHttp.send(exchange, 200, failure(10003, "Invalid accessToken"));
				return;
			}
			DemoHttp.send(exchange, 200,
					DemoHttp.object("status", 0, "msg", "Success", "business", "0", "data", issue(refresh)));
		}
	}

	// The same token until it expires (or is refreshed), as the real service does.
	private synchronized Object issue(boolean renew) {
		Instant now = Instant.now();
		if (renew || this.token == null || !now.isBefore(this.expiresAt)) {
			this.token = "demo-enos-" + UUID.randomUUID();
			this.expiresAt = now.plus(LIFETIME);
		}
		return DemoHttp.object("accessToken", this.token, "expire", Duration.between(now, this.expiresAt).toSeconds());
	}

	// Documented as a Long; a numeric string is accepted too.
	private static Long timestamp(JsonNode request) {
		JsonNode value = (request != null) ? request.get("timestamp") : null;
		if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
			return value.asLong();
		}
		String text = DemoHttp.text(request, "timestamp");
		return (text != null && text.matches("\\d{1,18}")) ? Long.valueOf(text) : null;
	}

	private static Object failure(int status, String message) {
		return DemoHttp.object("status", status, "msg", message);
	}

}

package dev.memberships.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.memberships.enos.EnosSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the protocol tests send: plain {@link HttpClient} requests, answers read as JSON.
 */
final class DemoHttpClient implements AutoCloseable {

	private final HttpClient client = HttpClient.newHttpClient();

	private final String baseUrl;

	DemoHttpClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	record Answer(int status, JsonNode body, HttpResponse<String> response) {
	}

	Answer get(String path, String bearerToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET();
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return send(request.build());
	}

	Answer post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build());
	}

	String auth0Token() {
		return post("/auth0/oauth/token", "application/json",
				JsonMapper.shared()
					.writeValueAsString(Map.of("grant_type", "client_credentials", "client_id", DemoData.CLIENT_ID,
							"client_secret", DemoData.CLIENT_SECRET, "audience", this.baseUrl + "/auth0/api/v2/")))
			.body()
			.get("access_token")
			.stringValue();
	}

	Answer enosToken(String operation, String appKey, long timestamp, String encryption, String accessToken) {
		String json = JsonMapper.shared()
			.writeValueAsString(
					(accessToken != null)
							? Map.of("appKey", appKey, "timestamp", timestamp, "encryption", encryption, "accessToken",
									accessToken)
							: Map.of("appKey", appKey, "timestamp", timestamp, "encryption", encryption));
		return post("/enos/apim-token-service/v2.0/token/" + operation, "application/json", json);
	}

	String enosToken() {
		long now = System.currentTimeMillis();
		return enosToken("get", DemoData.APP_KEY, now,
				EnosSignature.forToken(DemoData.APP_KEY, now, DemoData.APP_SECRET), null)
			.body()
			.at("/data/accessToken")
			.stringValue();
	}

	/** Signs {@code signedBody} but sends {@code sentBody}, so tests can tamper. */
	Answer enosCall(String pathAndQuery, Map<String, String> query, String token, byte[] signedBody, byte[] sentBody) {
		long timestamp = System.currentTimeMillis();
		String signature = EnosSignature.forRequest(token, query, signedBody, timestamp, DemoData.APP_SECRET);
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/enos/app-portal-service/v2.2/" + pathAndQuery))
			.header("Content-Type", "application/json")
			.header("apim-accesstoken", token)
			.header("apim-timestamp", Long.toString(timestamp))
			.header("apim-signature", signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(sentBody))
			.build());
	}

	Answer enosCall(String path, String token, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return enosCall(path, Map.of(), token, bytes, bytes);
	}

	@Override
	public void close() {
		this.client.close();
	}

	private Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			JsonNode body = response.body().isEmpty() ? null : JsonMapper.shared().readTree(response.body());
			return new Answer(response.statusCode(), body, response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

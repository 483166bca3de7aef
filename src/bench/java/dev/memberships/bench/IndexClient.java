package dev.memberships.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memberships.bench.Forks.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link IndexScenario} asks of the service, over real HTTP: one user's answer (its
 * organizations and their status), a batch, an Auth0 event posted as Event Streams does,
 * and the index's own metrics.
 */
final class IndexClient {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Pattern SWEEPS = Pattern
		.compile("^memberships_auth0_index_sweep_duration_seconds_count(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

	private static final Pattern READY = Pattern
		.compile("^memberships_auth0_index_ready(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Service service;

	private final String token;

	private final String eventsToken;

	IndexClient(Service service, String token, String eventsToken) {
		this.service = service;
		this.token = token;
		this.eventsToken = eventsToken;
	}

	/** One user's answer; status -1 when the exchange failed. */
	Answer ask(String userId) {
		String path = "/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/memberships";
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.service.baseUrl() + path))
			.header("Authorization", "Bearer " + this.token)
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return Answer.of(response.statusCode(), (response.statusCode() == 200) ? JSON.readTree(response.body())
					: null);
		}
		catch (IOException ex) {
			return Answer.of(-1, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.of(-1, null);
		}
	}

	/** {@code POST /memberships/batch}: one answer per user, in order. */
	List<Answer> batch(List<String> userIds) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.service.baseUrl() + "/memberships/batch"))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("userIds", userIds))))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Batch answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body())
			.get("results")
			.values()
			.stream()
			.map((entry) -> Answer.of(entry.has("status") ? entry.get("status").asInt() : 200, entry))
			.toList();
	}

	/**
	 * Posts a member event as an Auth0 Event Stream does (CloudEvents 1.0, the stream's
	 * static bearer token), the change's time now.
	 */
	void memberEvent(String type, String organizationId, String userId) throws IOException, InterruptedException {
		Map<String, Object> event = Map.of("specversion", "1.0", "type", type, "source", "urn:auth0:bench.demo", "id",
				"evt_" + UUID.randomUUID(), "time", Instant.now().toString(), "data",
				Map.of("object", Map.of("organization", Map.of("id", organizationId, "name", organizationId), "user",
						Map.of("user_id", userId))));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.service.baseUrl() + "/events/auth0"))
			.header("Authorization", "Bearer " + this.eventsToken)
			.header("Content-Type", "application/cloudevents+json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 202) {
			throw new IllegalStateException("Event answered " + response.statusCode() + ": " + response.body());
		}
	}

	/** Complete sweeps so far, from the service's metrics; 0 without the index. */
	long sweeps() throws Exception {
		return (long) metric(SWEEPS);
	}

	/** Whether answers come from the index. */
	boolean indexReady() throws Exception {
		return metric(READY) == 1;
	}

	private double metric(Pattern pattern) throws Exception {
		Matcher matcher = pattern.matcher(ForkedProcesses.prometheus(this.http, this.service.management()));
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/**
	 * One user's answer as far as the index matters.
	 *
	 * @param status the HTTP status (in a batch, the user's own), -1 when none came
	 * @param organizations the Auth0 organization ids
	 * @param source the organizations source's status ({@code OK}, {@code STALE},
	 * {@code UNAVAILABLE}), "-" without an answer
	 * @param complete whether every source answered
	 * @param ageSeconds a stale answer's age, else 0
	 */
	record Answer(int status, List<String> organizations, String source, boolean complete, long ageSeconds) {

		static Answer of(int status, JsonNode body) {
			if (status != 200 || body == null) {
				return new Answer(status, List.of(), "-", false, 0);
			}
			List<String> organizations = body.get("organizations")
				.values()
				.stream()
				.map((organization) -> organization.get("id").stringValue())
				.toList();
			JsonNode source = body.at("/sources/organizations");
			return new Answer(status, organizations, source.get("status").stringValue(),
					body.get("complete").asBoolean(), source.has("ageSeconds") ? source.get("ageSeconds").asLong() : 0);
		}

	}

}

package dev.memberships.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.StubUpstreams;
import dev.memberships.testsupport.UseStubUpstreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an on-call engineer sees: Prometheus series, traces reaching the upstreams, and
 * structured log lines carrying trace ids and no secrets.
 */
// A context of its own: ECS console logs and trace export are set at start-up, and the
// other
// tests read plain log lines.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.deadline=3s", "logging.structured.format.console=ecs" })
@AutoConfigureMetrics
@AutoConfigureTracing
@UseStubUpstreams
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests {

	private static final String AUTH0_SECRET = StubUpstreams.AUTH0_CLIENT_SECRET;

	private static final String ENOS_SECRET = StubUpstreams.ENOS_APP_SECRET;

	private static final String AUTH0_TOKEN = "auth0-access-token-value";

	private static final WireMockServer auth0 = StubUpstreams.auth0();

	private static final WireMockServer enos = StubUpstreams.enos();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void requestsShouldLeaveMetricsTracesAndSafeStructuredLogs(CapturedOutput output) throws Exception {
		auth0.stubFor(post("/oauth/token").willReturn(
				okJson("{\"access_token\":\"" + AUTH0_TOKEN + "\",\"expires_in\":86400,\"token_type\":\"Bearer\"}")));
		auth0.stubFor(get(urlPathMatching("/api/v2/users/[^/]+/organizations"))
			.willReturn(okJson("{\"start\":0,\"limit\":100,\"total\":0,\"organizations\":[]}")
				.withHeader("X-RateLimit-Remaining", "7")));
		enos.stubFor(post("/apim-token-service/v2.0/token/get").willReturn(
				okJson("{\"status\":0,\"data\":{\"accessToken\":\"enos-access-token-value\",\"expire\":7200}}")));
		enos.stubFor(post(urlPathEqualTo("/app-portal-service/v2.2/userStructures/structureList"))
			.willReturn(okJson("{\"code\":0,\"data\":{\"usersUserStructures\":[],\"userStructures\":[]}}")));
		enos.stubFor(post(urlPathEqualTo("/app-portal-service/v2.2/userGroup/getUsersUserGroupList"))
			.willReturn(serverError().withBody("internal details " + ENOS_SECRET)));

		auth0.stubFor(get(urlPathEqualTo("/api/v2/users/auth0%7Crate-limited/organizations")).atPriority(1)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
		auth0.stubFor(get(urlPathEqualTo("/api/v2/users/auth0%7Cslow/organizations")).atPriority(1)
			.willReturn(okJson("{\"start\":0,\"limit\":100,\"total\":0,\"organizations\":[]}").withFixedDelay(8000)));

		assertThat(send("/users/auth0%7C42/memberships").statusCode()).isEqualTo(200);
		assertThat(send("/users/auth0%7C42/memberships").statusCode()).isEqualTo(200);
		assertThat(send("/users/auth0%7Cslow/memberships").statusCode()).isEqualTo(200);
		assertThat(send("/users/auth0%7Crate-limited/memberships").statusCode()).isEqualTo(200);

		List<LoggedRequest> calls = auth0.findAll(anyRequestedFor(urlPathMatching("/api/v2/users/.*")));
		assertThat(calls).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.getHeader("traceparent"))
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"));

		String prometheus = sendTo(this.managementPort, "/actuator/prometheus").body();
		assertThat(prometheus)
			.contains("memberships_answers_total{application=\"memberships\",completeness=\"partial\"")
			.contains("memberships_sources_total{application=\"memberships\"")
			.contains("status=\"UNAVAILABLE\"")
			.contains("cache_gets_total{application=\"memberships\",cache=\"organizations\"")
			.contains("http_server_requests_seconds_bucket")
			.contains(
					"memberships_upstream_calls_seconds_count{application=\"memberships\",instance=\"local\",outcome=\"success\",upstream=\"auth0\"}")
			.contains("outcome=\"upstream_error\",upstream=\"enos-groups\"")
			.contains("outcome=\"timeout\",upstream=\"auth0\"")
			.contains("outcome=\"rate_limited\",upstream=\"auth0\"")
			.contains("memberships_upstream_calls_seconds_bucket")
			.contains(
					"memberships_upstream_rate_limited_answers_total{application=\"memberships\",instance=\"local\",upstream=\"auth0\"} 1.0")
			.contains(
					"memberships_upstream_retries_total{application=\"memberships\",instance=\"local\",upstream=\"enos-groups\"}")
			.contains("memberships_upstream_gate_wait_seconds_count")
			.contains("memberships_enos_batch_size_count{application=\"memberships\",endpoint=\"structures\"")
			.contains("memberships_enos_calls_saved_total{application=\"memberships\",endpoint=\"userGroups\"")
			.contains(
					"memberships_upstream_rate_limit_remaining{application=\"memberships\",instance=\"local\",upstream=\"auth0\"} 7.0")
			.contains("resilience4j_circuitbreaker_state{application=\"memberships\",instance=\"local\",name=\"auth0\"")
			.contains(
					"cache_gets_total{application=\"memberships\",cache=\"organizations\",instance=\"local\",result=\"hit\"} 1.0")
			.doesNotContain("auth0|42")
			.doesNotContain("auth0%7C42");

		List<JsonNode> lines = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map(this.json::readTree)
			.toList();
		JsonNode failure = lines.stream()
			.filter((line) -> line.path("message").asString().startsWith("Upstream enos-groups failed"))
			.findFirst()
			.orElseThrow();
		assertThat(failure.path("traceId").asString()).matches("[0-9a-f]{32}");
		assertThat(failure.path("message").asString()).contains("upstream_error").contains("HTTP 500").contains(" ms");
		assertThat(output.getAll()).doesNotContain(AUTH0_SECRET)
			.doesNotContain(ENOS_SECRET)
			.doesNotContain(AUTH0_TOKEN)
			.doesNotContain("internal details");
	}

	private HttpResponse<String> send(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.bearer(TestTokens.service()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> sendTo(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

package dev.memberships.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.memberships.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Kubernetes probes and Prometheus rely on: liveness and readiness answer UP on
 * the management port, and nothing of actuator is served on the API port (the Ingress and
 * the callers only ever reach that one). Over real HTTP, in the shared
 * {@link ServiceTest} context: the probes need no upstream.
 */
@ServiceTest
class HealthEndpointTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void managementPortShouldBeSeparateFromTheApiPort() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
	}

	@Test
	void livenessShouldBeUpOnTheManagementPort() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/actuator/health/liveness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/status").asString()).isEqualTo("UP");
	}

	@Test
	void readinessShouldBeUpOnTheManagementPort() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusShouldBeScrapableOnTheManagementPort() throws Exception {
		HttpResponse<String> response = get(this.managementPort, "/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).satisfiesAnyOf((value) -> assertThat(value).startsWith("text/plain"),
						(value) -> assertThat(value).startsWith("application/openmetrics-text")));
		assertThat(response.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void apiPortShouldNotServeActuator() throws Exception {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/health/readiness",
				"/actuator/prometheus" }) {
			// Refused before routing (no token), or not found: never an actuator answer.
			HttpResponse<String> response = get(this.port, path);
			assertThat(response.statusCode()).as(path).isIn(401, 404);
			assertThat(response.body()).as(path).doesNotContain("\"status\":\"UP\"").doesNotContain("_links");
		}
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

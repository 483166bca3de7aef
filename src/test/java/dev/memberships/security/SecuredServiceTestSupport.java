package dev.memberships.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.memberships.testsupport.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service over real HTTP, with the test issuer's tokens and the shared stub
 * upstreams answering as {@link SecurityTestUpstreams} says. Every subclass runs in the
 * {@link ServiceTest} context, unless it says why not.
 */
@ServiceTest
abstract class SecuredServiceTestSupport {

	@BeforeEach
	void stubUpstreams() {
		SecurityTestUpstreams.stub();
	}

	protected final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected JsonMapper json;

	protected HttpRequest.Builder api(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
	}

	protected HttpRequest.Builder management(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(30));
	}

	/** {@code GET} on the API port, with the token when not null. */
	protected HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
		return send(withToken(api(pathAndQuery), token));
	}

	protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
		return (token != null) ? request.header("Authorization", TestTokens.bearer(token)) : request;
	}

	/** The answer is {@code application/problem+json} of this status and type. */
	protected JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/type").asString()).isEqualTo(type);
		assertThat(body.at("/status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
		return body;
	}

}

package dev.memberships.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;

import dev.memberships.security.TestTokens;
import dev.memberships.testsupport.UseStubUpstreams;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The overload limit over real HTTP: with one permit, held by a batch request whose body
 * the test has not finished sending, another API request is answered 503 at once, the
 * management probes still answer, and the permit comes back when the held request ends.
 */
// A context of its own: a limit of one request would refuse the concurrent requests of
// other tests in the shared context.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memberships.overload.max-concurrent-requests=1", "memberships.overload.retry-after=1s" })
@AutoConfigureMetrics
@UseStubUpstreams
class OverloadTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final SubmissionPublisher<ByteBuffer> heldBody = new SubmissionPublisher<>();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private MeterRegistry meters;

	@AfterEach
	void releaseHeldRequest() {
		sendRestOfBody();
		await().until(() -> inFlight() == 0);
	}

	@Test
	void requestWhenEveryPermitIsTakenShouldBeAnswered503WithRetryAfterAndCounted() throws Exception {
		holdThePermit();
		double rejectedBefore = rejected();
		HttpResponse<String> refused = send(
				api("/users/u1/memberships").header("Authorization", TestTokens.bearer(TestTokens.service())));
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		JsonNode problem = this.json.readTree(refused.body());
		assertThat(problem.at("/type").asString()).isEqualTo("/problems/overloaded");
		assertThat(problem.at("/status").asInt()).isEqualTo(503);
		assertThat(rejected()).isEqualTo(rejectedBefore + 1);
		// Refused before Spring Security: no token needed to be told, none checked.
		assertThat(send(api("/v3/api-docs")).statusCode()).isEqualTo(503);
		// The server observation wraps the limit, so the 503s count as API answers.
		await().untilAsserted(() -> assertThat(this.meters.find("http.server.requests")
			.tag("status", "503")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum()).isGreaterThanOrEqualTo(2));
	}

	@Test
	void requestAfterTheHeldRequestFailedShouldGetThePermitBack() throws Exception {
		CompletableFuture<HttpResponse<String>> held = holdThePermit();
		assertThat(send(api("/v3/api-docs")).statusCode()).isEqualTo(503);
		sendRestOfBody();
		// The held batch's body is no list: a 400 problem, and its permit comes back.
		assertThat(held.get().statusCode()).isEqualTo(400);
		await().until(() -> inFlight() == 0);
		HttpResponse<String> next = send(api("/v3/api-docs"));
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(next.body()).has("openapi")).isTrue();
	}

	@Test
	void probesOnTheManagementPortWhenEveryPermitIsTakenShouldStillAnswer() throws Exception {
		holdThePermit();
		for (String probe : new String[] { "/actuator/health/readiness", "/actuator/health/liveness" }) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + probe))
						.timeout(Duration.ofSeconds(10)));
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(this.json.readTree(response.body()).at("/status").asString()).as(probe).isEqualTo("UP");
		}
		assertThat(inFlight()).isEqualTo(1);
	}

	/**
	 * Starts a batch request that takes the only permit and stays in the service, reading
	 * its body, until {@link #sendRestOfBody()}. The body comes from a publisher the test
	 * feeds, so that nothing blocks the client's threads.
	 */
	private CompletableFuture<HttpResponse<String>> holdThePermit() {
		HttpRequest request = api("/memberships/batch").header("Authorization", TestTokens.bearer(TestTokens.service()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.fromPublisher(this.heldBody))
			.build();
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		await().until(this.heldBody::hasSubscribers);
		this.heldBody.submit(ByteBuffer.wrap("{\"userIds\":".getBytes(StandardCharsets.UTF_8)));
		await().until(() -> inFlight() == 1);
		return held;
	}

	/** Ends the held request's body: no list of ids, so it is answered 400. */
	private void sendRestOfBody() {
		if (!this.heldBody.isClosed()) {
			this.heldBody.submit(ByteBuffer.wrap("\"not-a-list\"}".getBytes(StandardCharsets.UTF_8)));
			this.heldBody.close();
		}
	}

	private HttpRequest.Builder api(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private double inFlight() {
		return this.meters.get("memberships.overload.in-flight").gauge().value();
	}

	private double rejected() {
		return this.meters.get("memberships.overload.rejected").counter().count();
	}

}

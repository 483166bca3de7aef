package dev.memberships;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.memberships.demo.DemoConfiguration;
import dev.memberships.demo.DemoIssuer;
import dev.memberships.demo.DemoUpstreams;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on the demo upstreams ({@link DemoConfiguration}, as
 * {@code ./mvnw spring-boot:test-run} adds it), over real HTTP and the real protocols, as
 * the README promises.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(DemoConfiguration.class)
class DemoApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JsonMapper json;

	@Autowired
	private DemoUpstreams demo;

	@Test
	void getMembershipsOfDemoUserShouldMergeAllThreeSources() throws Exception {
		JsonNode body = getOk("/users/auth0%7Calice/memberships");
		assertThat(body.at("/userId").asString()).isEqualTo("auth0|alice");
		assertThat(body.at("/organizationId").asString()).isEqualTo("ou_demo");
		assertThat(body.at("/complete").asBoolean()).isTrue();
		assertThat(body.at("/organizations").size()).isEqualTo(3);
		assertThat(body.at("/structures").size()).isEqualTo(2);
		assertThat(body.at("/userGroups").size()).isEqualTo(2);
		assertThat(body.toString()).contains("Zürich Werk").contains("東京工場");
	}

	@Test
	void getMembershipsOfUserWithManyOrganizationsShouldReadEveryPage() throws Exception {
		assertThat(getOk("/users/auth0%7Cmany/memberships").at("/organizations").size()).isEqualTo(150);
	}

	@Test
	void getMembershipsWithLocaleShouldNameStructuresInThatLanguage() throws Exception {
		assertThat(getOk("/users/auth0%7Calice/memberships?locale=de_DE").at("/structures").toString())
			.contains("Werk Zürich");
	}

	@Test
	void getMembershipsOfUserOutsideOrganizationShouldAnswerEmptyEnosLists() throws Exception {
		JsonNode body = getOk("/users/google-oauth2%7Coutsider/memberships");
		assertThat(body.at("/organizations").size()).isEqualTo(1);
		assertThat(body.at("/structures").size()).isZero();
		assertThat(body.at("/userGroups").size()).isZero();
		assertThat(body.at("/complete").asBoolean()).isTrue();
	}

	@Test
	void getMembershipsOfUnknownUserShouldAnswerNotFoundProblem() throws Exception {
		HttpResponse<String> response = get("/users/auth0%7Cnobody/memberships");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void apiDocsShouldDescribeEveryAnswerOfTheEndpoint() throws Exception {
		JsonNode responses = getOk("/v3/api-docs").at("/paths/~1users~1{userId}~1memberships/get/responses");
		assertThat(responses.propertyNames()).contains("200", "400", "404", "503");
		assertThat(responses.at("/200/content/application~1json/examples").propertyNames()).contains("complete",
				"partial");
	}

	private JsonNode getOk(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + demoServiceToken())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	// What the demo logs for a service: its issuer's token with the service scope.
	private String demoServiceToken() {
		return this.demo.issuer()
			.mint("demo-service@clients", DemoIssuer.AUDIENCE, List.of("read:memberships"), Duration.ofMinutes(5));
	}

}

package dev.memberships.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.memberships.testsupport.UseStubUpstreams;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live {@code /v3/api-docs} says what the service enforces: it parses as OpenAPI
 * without messages (swagger-parser), and {@link ApiDescriptionLint} finds nothing.
 */
// A context of its own: the events operation is described only when its token is set,
// and the shared context keeps it off.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "memberships.events.auth0.token=evt-webhook-token-3c1d8e0f2a7b4c6d9e8f1a2b3c4d5e6f")
@UseStubUpstreams
class ApiDescriptionTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JsonMapper json;

	@Test
	void apiDescriptionShouldParseAsOpenApiWithoutMessages() throws Exception {
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(apiDocs(), null, null);
		assertThat(parsed.getOpenAPI()).isNotNull();
		assertThat(parsed.getMessages()).isEmpty();
	}

	@Test
	void apiDescriptionShouldHaveValidExamplesLimitsAndEveryAnswer() throws Exception {
		JsonNode description = this.json.readTree(apiDocs());
		assertThat(description.at("/paths").propertyNames()).contains("/users/{userId}/memberships",
				"/memberships/batch", "/events/auth0");
		assertThat(ApiDescriptionLint.findings(description)).isEmpty();
	}

	@Test
	void lintShouldFlagAnExampleAgainstItsSchemaAMissingLimitAndAMissingAnswer() {
		JsonNode description = this.json.readTree("""
				{"openapi":"3.1.0","tags":[{"name":"t"}],"paths":{"/users/{userId}":{"get":{
				  "operationId":"get","summary":"s","description":"d","tags":["t"],
				  "parameters":[{"name":"userId","in":"path","description":"d","schema":{"type":"string"}}],
				  "responses":{"400":{"description":"d","content":{"application/problem+json":{
				    "schema":{"$ref":"#/components/schemas/Problem"},
				    "example":{"type":"/problems/invalid-parameter"}}}}}}}},
				 "components":{"schemas":{"Problem":{"type":"object",
				  "properties":{"type":{"type":"string","format":"uri"}}}}}}""");
		assertThat(ApiDescriptionLint.findings(description))
			.anySatisfy((finding) -> assertThat(finding)
				.startsWith("/users/{userId} get 400 application/problem+json example: "))
			.contains("/users/{userId} get parameter userId: a string without maxLength or enum",
					"/users/{userId} get: no 401 response", "/users/{userId} get: 503 without Retry-After");
	}

	private String apiDocs() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}

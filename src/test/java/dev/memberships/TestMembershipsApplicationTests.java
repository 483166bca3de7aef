package dev.memberships;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memberships.demo.DemoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./mvnw spring-boot:test-run} does, as {@link TestMembershipsApplication}
 * does it: the production application with {@link DemoConfiguration} added. The curl
 * lines it logs work as pasted: each line's URL with its token.
 */
@ExtendWith(OutputCaptureExtension.class)
class TestMembershipsApplicationTests {

	private static final Pattern CURL = Pattern
		.compile("curl -s (-X DELETE )?-H 'Authorization: Bearer ([\\w.-]+)' '([^']+)'");

	private static ConfigurableApplicationContext context;

	private static String log;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start(CapturedOutput output) {
		context = SpringApplication.from(MembershipsApplication::main)
			.with(DemoConfiguration.class)
			.run("--server.port=0", "--management.server.port=0")
			.getApplicationContext();
		log = output.getOut();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void curlLineOfAliceShouldAnswerHerMemberships() throws Exception {
		HttpResponse<String> response = send(curl("/users/auth0%7Calice/memberships"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JsonMapper.shared().readTree(response.body());
		assertThat(body.at("/userId").asString()).isEqualTo("auth0|alice");
		assertThat(body.at("/complete").asBoolean()).isTrue();
		assertThat(body.at("/organizations").size()).isEqualTo(3);
	}

	@Test
	void curlLineOfServiceShouldReadAnyone() throws Exception {
		HttpResponse<String> response = send(curl("/users/auth0%7Cmany/memberships"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(response.body()).at("/organizations").size()).isEqualTo(150);
	}

	@Test
	void curlLineOfAliceAskingForBobShouldBeRefused() throws Exception {
		assertThat(send(curl("/users/auth0%7Cbob/memberships")).statusCode()).isEqualTo(403);
	}

	@Test
	void curlLineOfOperatorShouldEmptyAliceCacheEntries() throws Exception {
		HttpResponse<String> response = send(curl("/actuator/usercache/auth0%7Calice"));
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
	}

	private HttpResponse<String> send(Matcher curl) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(curl.group(3)))
			.header("Authorization", "Bearer " + curl.group(2));
		if (curl.group(1) != null) {
			request.DELETE();
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	// The logged curl line whose URL ends with this path.
	private static Matcher curl(String path) {
		Matcher matcher = CURL.matcher(log);
		while (matcher.find()) {
			if (matcher.group(3).endsWith(path)) {
				return matcher;
			}
		}
		throw new AssertionError("No curl line for " + path + " in:\n" + log);
	}

}

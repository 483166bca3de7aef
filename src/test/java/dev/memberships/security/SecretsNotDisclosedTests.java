package dev.memberships.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret, token or {@code Authorization} header in the logs, the error bodies, or
 * {@code /actuator/env} and {@code /actuator/configprops}. A context of its own, with
 * debug logging of the service, Spring Security and Spring Web, and with env and
 * configprops exposed as someone might one day: the captured output of its whole life,
 * start-up included, is searched for every configured secret and every token seen.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
		properties = { "management.endpoints.web.exposure.include=health,info,prometheus,usercache,env,configprops",
				"logging.level.dev.memberships=DEBUG", "logging.level.org.springframework.security=DEBUG",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.http=DEBUG",
				"logging.level.org.springframework.boot.actuate=DEBUG" })
class SecretsNotDisclosedTests extends SecuredServiceTestSupport {

	@Test
	void secretsAndTokensShouldAppearNowhere(CapturedOutput output) throws Exception {
		List<String> tokens = new ArrayList<>();
		String alice = remember(tokens, TestTokens.user("auth0|alice"));
		String service = remember(tokens, TestTokens.service());
		String admin = remember(tokens, TestTokens.admin());
		assertThat(get("/users/auth0%7Calice/memberships", alice).statusCode()).isEqualTo(200);
		assertThat(send(withToken(api("/users/auth0%7Cbob/memberships"), service).header("Cache-Control", "no-cache"))
			.statusCode()).isEqualTo(200);
		assertThat(get("/users/auth0%7Cbob/memberships", alice).statusCode()).isEqualTo(403);
		for (String refused : List.of(TestTokens.unsigned("auth0|alice"), TestTokens.hmacSignedWithPublicKey("x"),
				TestTokens.signedByAnotherKey("auth0|alice"),
				TestTokens.token((claims) -> claims.subject("auth0|alice").audience("https://billing.test/api")),
				TestTokens.token((claims) -> claims.subject("auth0|alice").issuer("https://evil.test/")),
				"garbage-" + alice.substring(10, 60))) {
			remember(tokens, refused);
			HttpResponse<String> response = get("/users/auth0%7Calice/memberships", refused);
			assertThat(response.statusCode()).isEqualTo(401);
			assertNotDisclosed(response.body(), tokens);
			assertNotDisclosed(response.headers().map().toString(), tokens);
		}
		assertThat(send(withToken(management("/actuator/usercache/auth0%7Calice"), admin).DELETE()).statusCode())
			.isEqualTo(204);

		HttpResponse<String> env = send(withToken(management("/actuator/env"), admin));
		assertThat(env.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(env.body())
			.findValues("memberships.auth0.client-secret")
			.stream()
			.map((property) -> property.at("/value").asString())
			.toList()).isNotEmpty().containsOnly("******");
		HttpResponse<String> configprops = send(withToken(management("/actuator/configprops"), admin));
		assertThat(configprops.statusCode()).isEqualTo(200);
		JsonNode beans = this.json.readTree(configprops.body()).at("/contexts/memberships/beans");
		assertThat(
				beans.at("/memberships.auth0-dev.memberships.auth0.Auth0Properties/properties/clientSecret").asString())
			.isEqualTo("******");
		assertThat(beans.at("/memberships.enos-dev.memberships.enos.EnosProperties/properties/appSecret").asString())
			.isEqualTo("******");
		for (String body : List.of(env.body(), configprops.body())) {
			assertNotDisclosed(body, tokens);
		}
		assertProblem(send(withToken(management("/actuator/env"), service)), 403, "/problems/forbidden");

		// The whole run, start-up included, as the logs would show it.
		assertThat(output.getAll()).contains("Started " + getClass().getSimpleName());
		assertNotDisclosed(output.getAll(), tokens);
		assertThat(output.getAll()).doesNotContain("Authorization: Bearer").doesNotContainIgnoringCase("bearer ey");
	}

	private static String remember(List<String> tokens, String token) {
		tokens.add(token);
		return token;
	}

	private static void assertNotDisclosed(String text, List<String> tokens) {
		assertThat(text).doesNotContain(SecurityTestUpstreams.AUTH0_CLIENT_SECRET)
			.doesNotContain(SecurityTestUpstreams.ENOS_APP_SECRET)
			.doesNotContain(SecurityTestUpstreams.AUTH0_ACCESS_TOKEN)
			.doesNotContain(SecurityTestUpstreams.ENOS_ACCESS_TOKEN);
		for (String token : tokens) {
			assertThat(text).doesNotContain(token);
			String[] parts = token.split("\\.");
			// The signature alone identifies a token as well as the whole of it.
			assertThat(text).doesNotContain(parts[parts.length - 1].isEmpty() ? token : parts[parts.length - 1]);
		}
	}

}

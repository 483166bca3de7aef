package dev.memberships.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS for the allowed browser origins: preflights need no token, other origins get no
 * CORS header, answers expose {@code ETag} and {@code Retry-After}, and the management
 * port never answers CORS.
 */
@TestPropertySource(
		properties = "memberships.cors.allowed-origins=https://app.example.com, https://admin.example.com:8443")
class CorsTests extends SecuredServiceTestSupport {

	private static final String ALLOWED = "https://app.example.com";

	private static final String OTHER = "https://app.example.com.evil.test";

	@Test
	void preflightFromAnAllowedOriginShouldBeAnsweredWithoutAToken() throws Exception {
		HttpResponse<String> response = send(preflight(api("/users/auth0%7C42/memberships"), ALLOWED, "GET",
				"authorization, if-none-match, cache-control, request-timeout"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,HEAD,POST");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization", "if-none-match", "cache-control", "request-timeout");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("1800");
	}

	@Test
	void preflightOfABatchFromAnAllowedOriginShouldAllowPostingJson() throws Exception {
		HttpResponse<String> response = send(preflight(api("/memberships/batch"), "https://admin.example.com:8443",
				"POST", "authorization, content-type"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue("https://admin.example.com:8443");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("content-type");
	}

	@Test
	void preflightFromAnotherOriginShouldGetNoCorsHeaders() throws Exception {
		HttpResponse<String> response = send(
				preflight(api("/users/auth0%7C42/memberships"), OTHER, "GET", "authorization"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertNoCorsHeaders(response);
	}

	@Test
	void preflightOfAMethodOrHeaderNotAllowedShouldGetNoCorsHeaders() throws Exception {
		assertNoCorsHeaders(send(preflight(api("/users/auth0%7C42/memberships"), ALLOWED, "DELETE", "authorization")));
		assertNoCorsHeaders(send(preflight(api("/users/auth0%7C42/memberships"), ALLOWED, "GET", "x-debug")));
	}

	@Test
	void answerToAnAllowedOriginShouldExposeETagAndRetryAfter() throws Exception {
		HttpResponse<String> response = send(
				withToken(api("/users/auth0%7C42/memberships"), TestTokens.service()).header("Origin", ALLOWED));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag, Retry-After");
		assertThat(response.headers().firstValue("ETag")).isPresent();
	}

	@Test
	void refusalToAnAllowedOriginShouldCarryCorsHeadersSoTheBrowserCanReadIt() throws Exception {
		HttpResponse<String> response = send(api("/users/auth0%7C42/memberships").header("Origin", ALLOWED));
		assertProblem(response, 401, "/problems/unauthorized");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
	}

	@Test
	void answerToAnotherOriginShouldGetNoCorsHeaders() throws Exception {
		HttpResponse<String> response = send(
				withToken(api("/users/auth0%7C42/memberships"), TestTokens.service()).header("Origin", OTHER));
		assertNoCorsHeaders(response);
	}

	@Test
	void managementPortShouldNeverAnswerCors() throws Exception {
		for (String path : new String[] { "/actuator/health/liveness", "/actuator/usercache/auth0%7C42",
				"/actuator/prometheus" }) {
			assertNoCorsHeaders(send(preflight(management(path), ALLOWED, "GET", "authorization")));
			assertNoCorsHeaders(send(management(path).header("Origin", ALLOWED)));
		}
	}

	private static HttpRequest.Builder preflight(HttpRequest.Builder request, String origin, String method,
			String headers) {
		return request.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers);
	}

	private static void assertNoCorsHeaders(HttpResponse<String> response) {
		assertThat(response.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
	}

}

package dev.memberships.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.memberships.testsupport.StubUpstreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS for the allowed browser origins: preflights need no token, other origins get no
 * CORS header, answers expose {@code ETag} and {@code Retry-After}, a browser's HTTP
 * cache is keyed by the token ({@code Vary: Authorization}, checked in a real headless
 * Chromium), and the management port never answers CORS.
 */
// The stub Auth0 server doubles as a frontend's origin (http://localhost:<its port>): its
// port is known before the context starts, and a page it serves is cross-origin to the
// API.
@TestPropertySource(properties = "memberships.cors.allowed-origins=https://app.example.com, "
		+ "https://admin.example.com:8443, ${memberships.auth0.base-url}")
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
	void answerAndItsNotModifiedShouldVaryByAuthorizationAndOrigin() throws Exception {
		awaitAnAnswer();
		HttpResponse<String> answer = send(
				withToken(api("/users/auth0%7C42/memberships"), TestTokens.user("auth0|42")).header("Origin", ALLOWED));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(varyOf(answer)).contains("authorization", "origin");
		HttpResponse<String> notModified = send(
				withToken(api("/users/auth0%7C42/memberships"), TestTokens.user("auth0|42")).header("Origin", ALLOWED)
					.header("If-None-Match", answer.headers().firstValue("ETag").orElseThrow()));
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(varyOf(notModified)).contains("authorization", "origin");
	}

	@Test
	void browserShouldNotAnswerARequestWithoutATokenFromTheCacheOfAnAuthorizedOne(@TempDir Path profile)
			throws Exception {
		HeadlessChromium.assumeInstalled();
		awaitAnAnswer();
		String api = "http://localhost:" + this.port + "/users/auth0%7C42/memberships";
		StubUpstreams.auth0()
			.stubFor(WireMock.get("/frontend.html")
				.willReturn(WireMock.aResponse().withHeader("Content-Type", "text/html").withBody(frontend(api))));
		String dom = HeadlessChromium.dumpDom(StubUpstreams.auth0().baseUrl() + "/frontend.html", profile);
		Matcher outcome = Pattern.compile("<pre id=\"outcome\">([^<]*)</pre>").matcher(dom);
		assertThat(outcome.find()).as(dom).isTrue();
		JsonNode result = this.json.readTree(outcome.group(1).replace("&quot;", "\""));
		assertThat(result.at("/withToken/status").asInt()).as(outcome.group(1)).isEqualTo(200);
		assertThat(result.at("/withToken/body").asString()).contains("\"userId\":\"auth0|42\"");
		assertThat(result.at("/withoutToken/status").asInt()).as(outcome.group(1)).isEqualTo(401);
		assertThat(result.at("/withoutToken/body").asString()).contains("/problems/unauthorized");
	}

	/**
	 * A frontend's page: reads the memberships with the user's token, then (after a
	 * logout, say) without one, and writes both outcomes into the page.
	 */
	private static String frontend(String api) {
		return """
				<html><body><pre id="outcome">pending</pre><script>
				async function read(headers) {
				  const response = await fetch('%s', { headers });
				  return { status: response.status, body: await response.text() };
				}
				(async () => {
				  const withToken = await read({ Authorization: 'Bearer %s' });
				  const withoutToken = await read({});
				  document.getElementById('outcome').textContent = JSON.stringify({ withToken, withoutToken });
				})().catch((error) => document.getElementById('outcome').textContent = 'failed: ' + error);
				</script></body></html>""".formatted(api, TestTokens.user("auth0|42"));
	}

	/**
	 * The first answers of a cold context on a loaded machine may miss the deadline (the
	 * upstreams' tokens are fetched first): wait until the service answers this user.
	 */
	private void awaitAnAnswer() {
		Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.until(() -> get("/users/auth0%7C42/memberships", TestTokens.user("auth0|42")).statusCode() == 200);
	}

	private static String varyOf(HttpResponse<String> response) {
		return String.join(",", response.headers().allValues("Vary")).toLowerCase();
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

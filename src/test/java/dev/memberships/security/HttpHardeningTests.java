package dev.memberships.security;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of the API carries, and what the firewall refuses before any rule is
 * looked at: always a 400 problem+json, never an HTML page or a 500.
 */
class HttpHardeningTests extends SecuredServiceTestSupport {

	@Test
	void answerShouldKeepTheCachingPolicyAndCarrySecurityHeaders() throws Exception {
		String userId = "auth0|headers-" + UUID.randomUUID();
		HttpResponse<String> response = get("/users/" + userId.replace("|", "%7C") + "/memberships",
				TestTokens.user(userId));
		assertThat(response.statusCode()).isEqualTo(200);
		// The controller's policy (fresh for up to 5 minutes), not Spring Security's
		// no-cache.
		assertThat(response.headers().allValues("Cache-Control")).singleElement()
			.asString()
			.matches("max-age=(29\\d|300), private");
		assertThat(response.headers().firstValue("Pragma")).isEmpty();
		assertThat(response.headers().firstValue("Expires")).isEmpty();
		assertThat(response.headers().firstValue("ETag")).isPresent();
		assertSecurityHeaders(response);
	}

	@Test
	void refusalsShouldNotBeCachedAndCarrySecurityHeaders() throws Exception {
		HttpResponse<String> unauthorized = get("/users/auth0%7C42/memberships", null);
		HttpResponse<String> forbidden = get("/users/auth0%7C42/memberships", TestTokens.user("auth0|43"));
		HttpResponse<String> invalid = get("/users/auth0%7C42/memberships?locale=xx", TestTokens.service());
		for (HttpResponse<String> response : new HttpResponse[] { unauthorized, forbidden, invalid }) {
			assertThat(response.headers().firstValue("Cache-Control"))
				.hasValueSatisfying((cacheControl) -> assertThat(cacheControl).contains("no-store"));
			assertSecurityHeaders(response);
		}
	}

	@Test
	void firewallShouldRefuseTraversalAndAmbiguousPathsWithProblem() throws Exception {
		for (String path : new String[] { "/users/%2E%2E/memberships", "/users/auth0%7C42%2E%2E/memberships",
				"/users/%2E/memberships", "/users/auth0%7C42;jsessionid=x/memberships",
				"/users/auth0%7C42%3B/memberships", "/users//memberships", "/users/auth0%2F%2F42/memberships",
				"/users/auth0%E2%80%A842/memberships", "/users/auth0%5C42/memberships",
				"/users/auth0%0042/memberships" }) {
			HttpResponse<String> response = get(path, TestTokens.service());
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(this.json.readTree(response.body()).at("/type").asString()).as(path)
				.isEqualTo("/problems/rejected-request");
			assertThat(response.body()).doesNotContainIgnoringCase("tomcat");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}
	}

	@Test
	void requestLineOverTheLimitShouldBeRefusedWithProblem() throws Exception {
		HttpResponse<String> response = get("/users/" + "a".repeat(20_000) + "/memberships", TestTokens.service());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).at("/type").asString()).isEqualTo("/problems/rejected-request");
		assertThat(response.body()).doesNotContainIgnoringCase("tomcat");
	}

	@Test
	void encodedSlashAndPercentShouldStayInsideTheUserId() throws Exception {
		HttpResponse<String> response = get("/users/a%2Fb%25c/memberships", TestTokens.user("a/b%c"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).at("/userId").asString()).isEqualTo("a/b%c");
	}

	private static void assertSecurityHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Server")).isEmpty();
		assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

}

package dev.memberships.auth0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link WebClientAuth0Client} asks the Management API and how it reads the answers.
 */
class Auth0ClientTests {

	private static final String ORGANIZATIONS = "/api/v2/users/auth0%7C42/organizations";

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

	private WebClientAuth0Client client;

	@BeforeEach
	void createClient() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", 86_400)));
		this.client = client(2_097_152);
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " => ",
			value = { "auth0|42 => auth0%7C42", "adfs|john/doe => adfs%7Cjohn%2Fdoe",
					"'a?b#c%d e' => a%3Fb%23c%25d%20e", "ünï|çødé => %C3%BCn%C3%AF%7C%C3%A7%C3%B8d%C3%A9",
					"google-oauth2|1035 => google-oauth2%7C1035" })
	void getUserOrganizationsShouldSendUserIdAsOneEncodedPathSegment(String userId, String encoded) {
		auth0.stubFor(get(urlPathMatching("/api/v2/users/.+/organizations")).willReturn(Auth0Stubs.page(0, 0, 0)));
		this.client.getUserOrganizations(userId).block();
		List<ServeEvent> events = auth0.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getMethod().getName().equals("GET"))
			.toList();
		assertThat(events).singleElement()
			.extracting((event) -> event.getRequest().getUrl())
			.isEqualTo("/api/v2/users/" + encoded + "/organizations?page=0&per_page=100&include_totals=true");
	}

	@Test
	void getUserOrganizationsShouldReadEveryPage() {
		stubPage(0, Auth0Stubs.page(0, 100, 230));
		stubPage(1, Auth0Stubs.page(100, 100, 230));
		stubPage(2, Auth0Stubs.page(200, 30, 230));
		List<Auth0Organization> organizations = this.client.getUserOrganizations("auth0|42").block();
		assertThat(organizations).hasSize(230)
			.extracting(Auth0Organization::id)
			.startsWith("org_0")
			.endsWith("org_229");
		for (int page = 0; page < 3; page++) {
			auth0.verify(exactly(1),
					getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo(String.valueOf(page)))
						.withQueryParam("per_page", equalTo("100"))
						.withQueryParam("include_totals", equalTo("true")));
		}
		auth0.verify(exactly(3), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenPageEmptyShouldStopBeforeTotal() {
		stubPage(0, Auth0Stubs.page(0, 100, 500));
		stubPage(1, Auth0Stubs.page(100, 0, 500));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).hasSize(100);
		auth0.verify(exactly(2), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenTotalNeverReachedShouldStopAtPageCap() {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(Auth0Stubs.page(0, 1, Integer.MAX_VALUE)));
		assertReason(() -> this.client.getUserOrganizations("auth0|42").block(), FailureReason.BAD_RESPONSE);
		auth0.verify(exactly(WebClientAuth0Client.MAX_PAGES), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsShouldMapOrganizationsAndIgnoreUnknownFields() {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(
				okJson("""
						{"start":0,"limit":100,"total":2,"next":"abc","organizations":[
						  {"id":"org_1","name":"acme","display_name":"Acme Inc.",
						   "branding":{"logo_url":"https://acme.test/logo.png","colors":{"primary":"#000","page_background":"#fff"}},
						   "metadata":{"region":"eu","tier":"gold"},"brand_new_field":{"nested":[1,2]}},
						  {"id":"org_2","name":"globex"}
						]}""")));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).containsExactly(
				new Auth0Organization("org_1", "acme", "Acme Inc.", Map.of("region", "eu", "tier", "gold")),
				new Auth0Organization("org_2", "globex", null, Map.of()));
	}

	@Test
	void getUserOrganizationsWhenUserUnknownShouldFailWithNotFound() {
		stubStatus(404);
		UpstreamException failure = assertReason(() -> this.client.getUserOrganizations("auth0|42").block(),
				FailureReason.NOT_FOUND);
		assertThat(failure.getMessage()).doesNotContain("secret-in-body");
	}

	@Test
	void getUserOrganizationsWhenScopeMissingShouldFailWithForbidden() {
		stubStatus(403);
		assertReason(() -> this.client.getUserOrganizations("auth0|42").block(), FailureReason.FORBIDDEN);
	}

	@Test
	void getUserOrganizationsWhenServerErrorShouldFailWithUpstreamError() {
		stubStatus(500);
		assertReason(() -> this.client.getUserOrganizations("auth0|42").block(), FailureReason.UPSTREAM_ERROR);
	}

	@Test
	void getUserOrganizationsWhenRateLimitedWithRetryAfterShouldCarryIt() {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "7")
			.withHeader("X-RateLimit-Reset", String.valueOf(this.clock.instant().getEpochSecond() + 30))));
		UpstreamException failure = assertReason(() -> this.client.getUserOrganizations("auth0|42").block(),
				FailureReason.RATE_LIMITED);
		// The gate's closed time, read a moment after the answer closed it.
		assertThat(failure.retryAfter())
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(7)));
		auth0.verify(exactly(1), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenRateLimitedWithResetOnlyShouldWaitUntilReset() {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(429)
			.withHeader("X-RateLimit-Remaining", "0")
			.withHeader("X-RateLimit-Reset", String.valueOf(this.clock.instant().getEpochSecond() + 30))));
		UpstreamException failure = assertReason(() -> this.client.getUserOrganizations("auth0|42").block(),
				FailureReason.RATE_LIMITED);
		// The gate's closed time: until the reset, plus up to reset-jitter (250 ms).
		assertThat(failure.retryAfter()).hasValueSatisfying(
				(wait) -> assertThat(wait).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(30).plusMillis(250)));
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " => ",
			value = { "text/html => <html><body>Maintenance</body></html>",
					"application/json => <html><body>Maintenance</body></html>",
					"application/json => '{\"start\":0,\"limit\":100,\"total\":2,\"organizations\":[{\"id\":'",
					"application/json => '[{\"id\":\"org_1\"}]'", "application/json => '{\"total\":0}'",
					"application/json => ''" })
	void getUserOrganizationsWhenAnswerUnreadableShouldFailWithBadResponse(String contentType, String body) {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
		assertReason(() -> this.client.getUserOrganizations("auth0|42").block(), FailureReason.BAD_RESPONSE);
	}

	@Test
	void getUserOrganizationsWhenAnswerLargerThanMaxBodySizeShouldFailWithBadResponse() {
		stubPage(0, Auth0Stubs.page(0, 100, 100));
		assertReason(() -> client(1024).getUserOrganizations("auth0|42").block(), FailureReason.BAD_RESPONSE);
	}

	private WebClientAuth0Client client(int maxBodySize) {
		return new WebClientAuth0Client(Auth0Stubs.properties(auth0.baseUrl(), null, 100, maxBodySize),
				WebClient.builder(), this.clock, Auth0Stubs.resilience(this.clock));
	}

	private static void stubPage(int page, ResponseDefinitionBuilder answer) {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo(String.valueOf(page)))
			.willReturn(answer));
	}

	private static void stubStatus(int status) {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"statusCode\":%d,\"error\":\"x\",\"message\":\"secret-in-body\"}".formatted(status))));
	}

	private static UpstreamException assertReason(ThrowingCallable call, FailureReason reason) {
		UpstreamException failure = catchThrowableOfType(UpstreamException.class, call);
		assertThat(failure).isNotNull();
		assertThat(failure.reason()).isEqualTo(reason);
		assertThat(failure.upstream()).isEqualTo("auth0");
		return failure;
	}

}

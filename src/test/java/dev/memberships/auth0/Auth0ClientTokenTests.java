package dev.memberships.auth0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link WebClientAuth0Client} gets, caches and replaces its Management API token.
 */
class Auth0ClientTokenTests {

	private static final String ORGANIZATIONS = "/api/v2/users/[^/]+/organizations";

	private static final Duration LIFETIME = Duration.ofHours(1);

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

	private WebClientAuth0Client client;

	@BeforeEach
	void createClient() {
		this.client = client(Auth0Stubs.properties(auth0.baseUrl()));
		auth0.stubFor(get(urlPathMatching(ORGANIZATIONS)).willReturn(Auth0Stubs.page(0, 1, 1)));
	}

	@Test
	void getUserOrganizationsShouldRequestClientCredentialsTokenForDefaultAudience() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds())));
		this.client.getUserOrganizations("auth0|42").block();
		auth0.verify(exactly(1),
				postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH))
					.withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
					.withFormParam("grant_type", equalTo("client_credentials"))
					.withFormParam("client_id", equalTo(Auth0Stubs.CLIENT_ID))
					.withFormParam("client_secret", equalTo(Auth0Stubs.CLIENT_SECRET))
					.withFormParam("audience", equalTo(auth0.baseUrl() + "/api/v2/")));
		auth0.verify(
				getRequestedFor(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1")));
	}

	@Test
	void getUserOrganizationsWhenAudienceSetShouldRequestTokenForThatAudience() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds())));
		client(Auth0Stubs.properties(auth0.baseUrl(), "https://acme.eu.auth0.com/api/v2/", 100, 2_097_152))
			.getUserOrganizations("auth0|42")
			.block();
		auth0.verify(exactly(1), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)).withFormParam("audience",
				equalTo("https://acme.eu.auth0.com/api/v2/")));
	}

	@Test
	void getUserOrganizationsWhenCalledConcurrentlyShouldFetchTokenOnce() {
		// The delay keeps the token in flight while all 50 calls ask for it.
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH)
			.willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds()).withFixedDelay(500)));
		List<List<Auth0Organization>> answers = Flux.range(0, 50)
			.flatMap((i) -> this.client.getUserOrganizations("auth0|" + i), 50)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(answers).hasSize(50);
		auth0.verify(exactly(1), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		auth0.verify(exactly(50),
				getRequestedFor(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1")));
	}

	@Test
	void getUserOrganizationsWhenTokenStillFreshShouldReuseIt() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds())));
		this.client.getUserOrganizations("auth0|42").block();
		this.clock.advance(LIFETIME.minusSeconds(121));
		this.client.getUserOrganizations("auth0|42").block();
		auth0.verify(exactly(1), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		auth0.verify(exactly(2), getRequestedFor(urlPathMatching(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenTokenExpiresWithinTwoMinutesShouldFetchNewTokenOnce() {
		stubTokens("token-1", "token-2");
		this.client.getUserOrganizations("auth0|42").block();
		this.clock.advance(LIFETIME.minusSeconds(120));
		this.client.getUserOrganizations("auth0|42").block();
		this.client.getUserOrganizations("auth0|42").block();
		auth0.verify(exactly(2), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		auth0.verify(exactly(2),
				getRequestedFor(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-2")));
	}

	@Test
	void getUserOrganizationsWhenTokenRefusedShouldFetchNewTokenAndRetryOnce() {
		stubTokens("token-1", "token-2");
		auth0.stubFor(get(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1"))
			.willReturn(unauthorized()));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).extracting(Auth0Organization::id)
			.containsExactly("org_0");
		auth0.verify(exactly(2), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		auth0.verify(exactly(1),
				getRequestedFor(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1")));
		auth0.verify(exactly(1),
				getRequestedFor(urlPathMatching(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-2")));
	}

	@Test
	void getUserOrganizationsWhenTokenRefusedTwiceShouldFailWithAuthFailed() {
		stubTokens("token-1", "token-2");
		auth0.stubFor(get(urlPathMatching(ORGANIZATIONS)).willReturn(unauthorized()));
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.getUserOrganizations("auth0|42").block())
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.AUTH_FAILED);
				assertThat(ex.upstream()).isEqualTo("auth0");
				assertThat(ex.statusCode()).isEqualTo(401);
			});
		auth0.verify(exactly(2), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		auth0.verify(exactly(2), getRequestedFor(urlPathMatching(ORGANIZATIONS)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403, 429, 500, 503 })
	void getUserOrganizationsWhenTokenEndpointFailsShouldFailWithAuthFailedAndLeakNothing(int status) {
		// Token endpoints may echo the credentials they refuse.
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"error":"access_denied","error_description":"Unauthorized: %s"}"""
				.formatted(Auth0Stubs.CLIENT_SECRET))));
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.getUserOrganizations("auth0|42").block())
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.AUTH_FAILED);
				assertThat(ex.upstream()).isEqualTo("auth0-token");
				assertThat(ex.statusCode()).isEqualTo(status);
				assertThat(ex.getMessage()).doesNotContain(Auth0Stubs.CLIENT_SECRET)
					.doesNotContain("access_denied")
					.doesNotContain("Unauthorized");
				assertThat(ex.getCause()).isNull();
			});
		auth0.verify(exactly(0), getRequestedFor(urlPathMatching(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenTokenAnswerUnreadableShouldFailWithAuthFailedAndLeakNothing() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"access_token\":\"" + Auth0Stubs.CLIENT_SECRET + "\"")));
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.getUserOrganizations("auth0|42").block())
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.AUTH_FAILED);
				assertThat(ex.getMessage()).doesNotContain(Auth0Stubs.CLIENT_SECRET);
				assertThat(ex.getCause()).isNull();
			});
	}

	@Test
	void getUserOrganizationsWhenTokenEndpointFailsOnceShouldRetryWithinTheCall() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).inScenario("tokens")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("recovered"));
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).inScenario("tokens")
			.whenScenarioStateIs("recovered")
			.willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds())));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).hasSize(1);
		auth0.verify(exactly(2), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
	}

	@Test
	void getUserOrganizationsWhenTokenEndpointDownShouldBackOffBeforeAskingAgain() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(aResponse().withStatus(503)));
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.getUserOrganizations("auth0|42").block())
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.AUTH_FAILED);
				assertThat(ex.upstream()).isEqualTo("auth0-token");
			});
		// Three attempts (the default), then no more.
		auth0.verify(exactly(3), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		// Within the backoff (0.5 to 1 s after a first failure) a call fails at once,
		// and says when to come back.
		long started = System.nanoTime();
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> this.client.getUserOrganizations("auth0|42").block())
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.AUTH_FAILED);
				assertThat(ex.retryAfter()).hasValueSatisfying(
						(wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
		auth0.verify(exactly(3), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		// Once it is over, the next call asks again.
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", LIFETIME.toSeconds())));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).hasSize(1);
		auth0.verify(exactly(4), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
	}

	private WebClientAuth0Client client(Auth0Properties properties) {
		return new WebClientAuth0Client(properties, WebClient.builder(), this.clock, Auth0Stubs.resilience(this.clock));
	}

	/** The token endpoint hands out these tokens, one per request, in order. */
	private static void stubTokens(String... tokens) {
		String state = Scenario.STARTED;
		for (int i = 0; i < tokens.length; i++) {
			String next = "token " + (i + 1);
			auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).inScenario("tokens")
				.whenScenarioStateIs(state)
				.willReturn(Auth0Stubs.token(tokens[i], LIFETIME.toSeconds()))
				.willSetStateTo(next));
			state = next;
		}
	}

}

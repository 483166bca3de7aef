package dev.memberships.auth0;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How the Auth0 client goes through the protection of its two upstreams, {@code auth0}
 * and {@code auth0-token}, on the system clock.
 */
class Auth0ClientResilienceTests {

	private static final String ORGANIZATIONS = "/api/v2/users/auth0%7C42/organizations";

	/** What a loaded build machine may add to a wait. */
	private static final Duration SLACK = Duration.ofSeconds(1);

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final Clock clock = Clock.systemUTC();

	private UpstreamResilienceRegistry resilience;

	private WebClientAuth0Client client;

	@BeforeEach
	void createClient() {
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", 86_400)));
		this.client = client(Duration.ofSeconds(5));
	}

	@Test
	void getUserOrganizationsWhenOnePageFailsOnceShouldRetryThatPageOnly() {
		stubPage(0, Auth0Stubs.page(0, 100, 150));
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo("1"))
			.inScenario("page 1")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("up"));
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo("1"))
			.inScenario("page 1")
			.whenScenarioStateIs("up")
			.willReturn(Auth0Stubs.page(100, 50, 150)));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).hasSize(150);
		auth0.verify(exactly(1), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo("0")));
		auth0.verify(exactly(2), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo("1")));
	}

	@Test
	void getUserOrganizationsWhenRateLimitedShouldWaitAtTheGateThenSucceed() {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).inScenario("limit")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
			.willSetStateTo("reset"));
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).inScenario("limit")
			.whenScenarioStateIs("reset")
			.willReturn(Auth0Stubs.page(0, 1, 1)));
		long started = System.nanoTime();
		assertThat(withDeadline(this.client.getUserOrganizations("auth0|42"), Duration.ofSeconds(3)).block())
			.hasSize(1);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		auth0.verify(exactly(2), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWhenAuth0HangsShouldCostNoMoreThanTheDeadline() {
		stubPage(0, Auth0Stubs.page(0, 1, 1).withFixedDelay(10_000));
		long started = System.nanoTime();
		UpstreamException failure = failure(
				withDeadline(this.client.getUserOrganizations("auth0|42"), Duration.ofMillis(1200)));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(took).isBetween(Duration.ofMillis(1100), Duration.ofMillis(1200).plus(SLACK));
		auth0.verify(exactly(1), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void getUserOrganizationsWithoutDeadlineShouldUseTheDefaultOne() {
		this.client = client(Duration.ofMillis(800));
		stubPage(0, Auth0Stubs.page(0, 1, 1).withFixedDelay(10_000));
		long started = System.nanoTime();
		assertThat(failure(this.client.getUserOrganizations("auth0|42")).reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700),
				Duration.ofMillis(800).plus(SLACK));
	}

	@Test
	void getUserOrganizationsWhenAuth0KeepsFailingShouldOpenBreakerAndAnswerAtOnce() {
		stubPage(0, aResponse().withStatus(500));
		int calls = 0;
		while (failure(this.client.getUserOrganizations("auth0|42")).reason() != FailureReason.CIRCUIT_OPEN) {
			assertThat(++calls).isLessThan(10);
		}
		CircuitBreaker breaker = TestUpstreams.circuitBreaker(this.resilience, "auth0");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		// Ten failures in a row (the minimum number of calls) opened it.
		auth0.verify(exactly(10), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			assertThat(failure(this.client.getUserOrganizations("auth0|42")).reason())
				.isEqualTo(FailureReason.CIRCUIT_OPEN);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
		auth0.verify(exactly(10), getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		// The token endpoint is an upstream of its own: its breaker stays closed.
		assertThat(TestUpstreams.circuitBreaker(this.resilience, "auth0-token").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void getUserOrganizationsWhenTokenEndpointRateLimitedShouldFailAuthFailedAndLeaveApiGateOpen() {
		auth0.stubFor(
				post(Auth0Stubs.TOKEN_PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
		UpstreamException failure = failure(this.client.getUserOrganizations("auth0|42"));
		assertThat(failure.reason()).isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(failure.upstream()).isEqualTo("auth0-token");
		// The gate's closed time, a few milliseconds of which have passed since.
		assertThat(failure.retryAfter())
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
		// Asked again, the closed gate answers without the token endpoint.
		assertThat(failure(this.client.getUserOrganizations("auth0|42")).reason()).isEqualTo(FailureReason.AUTH_FAILED);
		auth0.verify(exactly(1), postRequestedFor(urlEqualTo(Auth0Stubs.TOKEN_PATH)));
		assertThat(TestUpstreams.gateClosedFor(this.resilience, "auth0")).isZero();
	}

	@Test
	void getUserOrganizationsWhenAnswerLargerThanDefaultTwoMebibytesShouldFailWithBadResponse() {
		int limit = 2 * 1024 * 1024;
		String fits = "{\"start\":0,\"limit\":0,\"total\":0,\"organizations\":[],\"padding\":\"%s\"}";
		stubPage(0, okJson(fits.formatted("x".repeat(limit - fits.length()))));
		assertThat(this.client.getUserOrganizations("auth0|42").block()).isEmpty();
		stubPage(0, okJson(fits.formatted("x".repeat(limit))));
		assertThat(failure(this.client.getUserOrganizations("auth0|42")).reason())
			.isEqualTo(FailureReason.BAD_RESPONSE);
	}

	private WebClientAuth0Client client(Duration defaultDeadline) {
		this.resilience = TestUpstreams.registry(this.clock, defaultDeadline);
		return new WebClientAuth0Client(Auth0Stubs.properties(auth0.baseUrl()), WebClient.builder(), this.clock,
				this.resilience);
	}

	private <T> Mono<T> withDeadline(Mono<T> call, Duration deadline) {
		return call.contextWrite(Deadline.after(deadline, this.clock).asContext());
	}

	private static void stubPage(int page, ResponseDefinitionBuilder answer) {
		auth0.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("page", equalTo(String.valueOf(page)))
			.willReturn(answer));
	}

	private static UpstreamException failure(Mono<List<Auth0Organization>> call) {
		UpstreamException failure = catchThrowableOfType(UpstreamException.class,
				() -> call.block(Duration.ofSeconds(15)));
		assertThat(failure).as("expected an UpstreamException").isNotNull();
		return failure;
	}

}

package dev.memberships.enos;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.memberships.enos.EnosTestSupport.Endpoint;
import dev.memberships.upstream.Deadline;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EnOS endpoints and the token service as three upstreams, each with its own gate,
 * retries and breaker, on the system clock.
 */
class EnosClientResilienceTests {

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final Clock clock = Clock.systemUTC();

	private final UpstreamResilienceRegistry resilience = TestUpstreams.registry(this.clock, Duration.ofSeconds(5));

	private final EnosClient client = new WebClientEnosClient(WebClient.builder(), EnosTestSupport.properties(wireMock),
			EnosTestSupport.jsonMapper(), this.clock, this.resilience);

	@Test
	void callWhenEndpointFailsOnceShouldRetryItSignedAgain() throws Exception {
		EnosTestSupport.stubTokens(wireMock, "token-1");
		wireMock.stubFor(post(Endpoint.GROUPS.path).inScenario("groups")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("up"));
		wireMock.stubFor(post(Endpoint.GROUPS.path).inScenario("groups")
			.whenScenarioStateIs("up")
			.willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
		assertThat(EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client)).of("u1")).hasSize(1);
		List<LoggedRequest> calls = wireMock.findAll(postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
		assertThat(calls).hasSize(2);
		for (LoggedRequest call : calls) {
			EnosTestSupport.assertSigned(call);
		}
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
	}

	@Test
	void breakerOfOneEndpointShouldNotStopTheOther() {
		EnosTestSupport.stubTokens(wireMock, "token-1");
		wireMock.stubFor(post(Endpoint.STRUCTURES.path).willReturn(aResponse().withStatus(500)));
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
		int calls = 0;
		while (EnosTestSupport.failureOf(Endpoint.STRUCTURES.call(this.client))
			.reason() != FailureReason.CIRCUIT_OPEN) {
			assertThat(++calls).isLessThan(10);
		}
		assertThat(breaker("enos-structures").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client)).of("u1")).hasSize(1);
		assertThat(breaker("enos-groups").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker("enos-token").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void rateLimitOfOneEndpointShouldNotHoldTheOther() {
		EnosTestSupport.stubTokens(wireMock, "token-1");
		wireMock.stubFor(
				post(Endpoint.STRUCTURES.path).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
		wireMock.stubFor(post(Endpoint.GROUPS.path).willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data))));
		UpstreamException limited = EnosTestSupport.failureOf(Endpoint.STRUCTURES.call(this.client));
		assertThat(limited.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		// The gate's closed time, a few milliseconds of which have passed since.
		assertThat(limited.retryAfter())
			.hasValueSatisfying((wait) -> assertThat(wait).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
		// Structures' gate is closed: answered at once, without the gateway ...
		UpstreamException refused = EnosTestSupport.failureOf(Endpoint.STRUCTURES.call(this.client));
		assertThat(refused.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(refused.upstream()).isEqualTo("enos-structures");
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(Endpoint.STRUCTURES.path)));
		// ... while groups still go out.
		assertThat(EnosTestSupport.resultOf(Endpoint.GROUPS.call(this.client)).of("u1")).hasSize(1);
	}

	@Test
	void callWhenEndpointHangsShouldCostNoMoreThanTheDeadline() {
		EnosTestSupport.stubTokens(wireMock, "token-1");
		wireMock.stubFor(post(Endpoint.GROUPS.path)
			.willReturn(okJson(EnosTestSupport.success(Endpoint.GROUPS.data)).withFixedDelay(10_000)));
		long started = System.nanoTime();
		UpstreamException failure = EnosTestSupport.failureOf(Endpoint.GROUPS.call(this.client)
			.contextWrite(Deadline.after(Duration.ofMillis(1200), this.clock).asContext()));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(failure.upstream()).isEqualTo("enos-groups");
		assertThat(took).isBetween(Duration.ofMillis(1100), Duration.ofMillis(2200));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
	}

	@Test
	void callWhenTokenServiceHangsShouldFailAuthFailedWithinTheDeadline() {
		wireMock.stubFor(post(EnosTestSupport.TOKEN_PATH)
			.willReturn(EnosTestSupport.tokenAnswer("token-1", 7200).withFixedDelay(10_000)));
		long started = System.nanoTime();
		UpstreamException failure = EnosTestSupport.failureOf(Endpoint.GROUPS.call(this.client)
			.contextWrite(Deadline.after(Duration.ofMillis(1200), this.clock).asContext()));
		assertThat(failure.reason()).isEqualTo(FailureReason.AUTH_FAILED);
		assertThat(failure.upstream()).isEqualTo("enos-token");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2200));
		wireMock.verify(exactly(1), postRequestedFor(urlEqualTo(EnosTestSupport.TOKEN_PATH)));
		wireMock.verify(exactly(0), postRequestedFor(urlEqualTo(Endpoint.GROUPS.path)));
	}

	private CircuitBreaker breaker(String upstream) {
		return TestUpstreams.circuitBreaker(this.resilience, upstream);
	}

}

package dev.memberships.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.memberships.testsupport.MutableClock;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.ResilienceConfiguration;
import dev.memberships.upstream.TestUpstreams;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilienceRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How {@link Auth0Configuration} wires the client.
 */
class Auth0ConfigurationTests {

	@RegisterExtension
	static WireMockExtension auth0 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	// application.yml holds the Resilience4j instances' configuration.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Auth0Configuration.class, ResilienceConfiguration.class)
		.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
				BulkheadAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Auth0Properties.class, () -> Auth0Stubs.properties(auth0.baseUrl()))
		.withBean(WebClient.Builder.class, WebClient::builder);

	@Test
	void auth0ClientWhenClockBeanDefinedShouldJudgeTimeByIt() {
		Instant now = Instant.parse("2030-01-01T00:00:00Z");
		auth0.stubFor(post(Auth0Stubs.TOKEN_PATH).willReturn(Auth0Stubs.token("token-1", 86_400)));
		auth0.stubFor(get(urlPathMatching("/api/v2/users/.+/organizations")).willReturn(aResponse().withStatus(429)
			.withHeader("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 42))));
		this.contextRunner.withBean(Clock.class, () -> new MutableClock(now)).run((context) -> {
			UpstreamException failure = catchThrowableOfType(UpstreamException.class,
					() -> context.getBean(Auth0Client.class).getUserOrganizations("auth0|42").block());
			assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
			// Closed until the reset by the application's clock, plus the gate's jitter
			// (by the system clock it would be max-wait, 60 s).
			assertThat(TestUpstreams.gateClosedFor(context.getBean(UpstreamResilienceRegistry.class), "auth0"))
				.isBetween(Duration.ofSeconds(40), Duration.ofSeconds(42).plusMillis(250));
		});
	}

}

package dev.memberships.upstream;

import java.time.Duration;

import dev.memberships.security.TestTokens;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as it starts: every upstream's Resilience4j instances in the registries
 * Resilience4j's Spring Boot support configures, with the settings of
 * {@code application.yml} and its overrides, and their metrics published.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "memberships.auth0.base-url=http://localhost:1", "memberships.auth0.client-id=client",
				"memberships.auth0.client-secret=secret", "memberships.enos.base-url=http://localhost:1",
				"memberships.enos.app-key=key", "memberships.enos.app-secret=secret",
				"memberships.enos.organization-id=ou_main", "memberships.warm-up.enabled=false",
				"resilience4j.bulkhead.instances.enos-groups.max-concurrent-calls=7",
				"resilience4j.circuitbreaker.instances.auth0-token.sliding-window-type=TIME_BASED",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
				"spring.security.oauth2.resourceserver.jwt.audiences=" + TestTokens.AUDIENCE })
class ResilienceConfigurationTests {

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private UpstreamResilienceRegistry resilience;

	@Test
	void everyUpstreamShouldHaveNamedInstancesInTheApplicationsRegistries() {
		for (String upstream : Upstreams.ALL) {
			assertThat(this.circuitBreakers.find(upstream)).as(upstream)
				.containsSame(this.resilience.get(upstream).parts().circuitBreaker());
			assertThat(this.retries.find(upstream)).as(upstream)
				.containsSame(this.resilience.get(upstream).parts().retry());
			assertThat(this.bulkheads.find(upstream)).as(upstream)
				.containsSame(this.resilience.get(upstream).parts().bulkhead());
		}
	}

	@Test
	void instancesShouldCarryTheConfiguredPolicy() {
		CircuitBreakerConfig auth0 = this.circuitBreakers.circuitBreaker("auth0").getCircuitBreakerConfig();
		assertThat(auth0.getSlidingWindowSize()).isEqualTo(20);
		assertThat(auth0.getMinimumNumberOfCalls()).isEqualTo(10);
		assertThat(auth0.getFailureRateThreshold()).isEqualTo(50);
		assertThat(auth0.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(1));
		assertThat(auth0.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
		assertThat(this.circuitBreakers.circuitBreaker("auth0-token").getCircuitBreakerConfig().getSlidingWindowType())
			.isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
		assertThat(this.retries.retry("enos-structures").getRetryConfig().getMaxAttempts()).isEqualTo(3);
		assertThat(this.bulkheads.bulkhead("enos-groups").getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(7);
		assertThat(this.bulkheads.bulkhead("enos-structures").getBulkheadConfig().getMaxConcurrentCalls())
			.isEqualTo(64);
	}

	@Test
	void retryWaitsShouldBeBetweenHalfTheConfiguredWaitAndAllOfIt() {
		// 100 ms doubling up to 400 ms, each with the service's jitter rather than
		// Resilience4j's randomized wait, which spreads either way.
		IntervalBiFunction<Object> waits = this.retries.retry("auth0").getRetryConfig().getIntervalBiFunction();
		Either<Throwable, Object> failed = Either.left(new UpstreamException("auth0", FailureReason.UPSTREAM_ERROR));
		for (int i = 0; i < 200; i++) {
			assertThat(waits.apply(1, failed)).isBetween(50L, 100L);
			assertThat(waits.apply(2, failed)).isBetween(100L, 200L);
			assertThat(waits.apply(5, failed)).isBetween(200L, 400L);
		}
	}

	@Test
	void metricsShouldBePublishedPerUpstream() {
		for (String upstream : Upstreams.ALL) {
			assertThat(this.meters.find("resilience4j.circuitbreaker.state").tag("name", upstream).gauges())
				.as(upstream)
				.isNotEmpty();
			assertThat(
					this.meters.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", upstream).gauge())
				.as(upstream)
				.isNotNull();
			assertThat(this.meters.find("resilience4j.retry.calls").tag("name", upstream).meters()).as(upstream)
				.isNotEmpty();
		}
	}

}

package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code application.yml} gives every upstream: Resilience4j instances from
 * {@code configs.default}, bound as Resilience4j's Spring Boot support binds them, and
 * {@code memberships.resilience}, whose invalid values stop start-up.
 */
class ResiliencePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@Test
	void everyUpstreamShouldGetTheDefaultPolicyFromApplicationYml() {
		UpstreamResilienceRegistry registry = TestUpstreams.registry(Clock.systemUTC(), Duration.ofSeconds(2));
		for (String upstream : Upstreams.ALL) {
			CircuitBreakerConfig breaker = registry.get(upstream).parts().circuitBreaker().getCircuitBreakerConfig();
			assertThat(breaker.getSlidingWindowSize()).as(upstream).isEqualTo(20);
			assertThat(breaker.getMinimumNumberOfCalls()).as(upstream).isEqualTo(10);
			assertThat(
					breaker.getRecordExceptionPredicate().test(new UpstreamException(upstream, FailureReason.TIMEOUT)))
				.as(upstream)
				.isTrue();
			assertThat(breaker.getIgnoreExceptionPredicate()
				.test(new UpstreamException(upstream, FailureReason.RATE_LIMITED, 429))).as(upstream).isTrue();
			RetryConfig retry = registry.get(upstream).parts().retry().getRetryConfig();
			assertThat(retry.getMaxAttempts()).as(upstream).isEqualTo(3);
			assertThat(
					retry.getExceptionPredicate().test(new UpstreamException(upstream, FailureReason.NOT_FOUND, 404)))
				.as(upstream)
				.isFalse();
			assertThat(registry.get(upstream).parts().bulkhead().getBulkheadConfig().getMaxConcurrentCalls())
				.as(upstream)
				.isEqualTo(64);
		}
	}

	@Test
	void retryWaitsShouldGrowExponentiallyWithHalfOfThemRandomUpToTheCap() {
		UpstreamResilienceRegistry registry = TestUpstreams.registry(Clock.systemUTC(), Duration.ofSeconds(2));
		IntervalBiFunction<Object> waits = registry.get("auth0")
			.parts()
			.retry()
			.getRetryConfig()
			.getIntervalBiFunction();
		Either<Throwable, Object> failure = Either.left(new UpstreamException("auth0", FailureReason.TIMEOUT));
		assertThat(waits.apply(1, failure)).isBetween(50L, 150L);
		assertThat(waits.apply(2, failure)).isBetween(100L, 300L);
		assertThat(waits.apply(5, failure)).isBetween(200L, 600L);
	}

	@Test
	void startUpWhenValueInvalidShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("memberships.resilience.retry-budget.ratio=2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("retryBudget.ratio"));
		this.contextRunner.withPropertyValues("memberships.resilience.rate-limit.max-retries=9")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("rateLimit.maxRetries"));
	}

	@Test
	void defaultsShouldBeTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			ResilienceProperties properties = context.getBean(ResilienceProperties.class);
			assertThat(properties.minTimeForCall()).isEqualTo(Duration.ofMillis(100));
			assertThat(properties.retryBudget())
				.isEqualTo(new ResilienceProperties.RetryBudget(0.1, 3, Duration.ofSeconds(10)));
			assertThat(properties.rateLimit()).isEqualTo(new ResilienceProperties.RateLimit(0, Duration.ofMillis(250),
					Duration.ofSeconds(1), Duration.ofSeconds(60), 1));
			assertThat(properties.tokenFailureBackoff())
				.isEqualTo(new ResilienceProperties.FailureBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)));
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ResilienceProperties.class)
	static class PropertiesOnly {

	}

}

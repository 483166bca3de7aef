package dev.memberships.upstream;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code memberships.resilience}: its defaults, the blocks in {@code application.yml},
 * and what start-up refuses.
 */
class ResiliencePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ResilienceConfiguration.class);

	@Test
	void defaultsShouldBeTheDocumentedOnes() {
		ResilienceProperties.Upstream auth0 = ResilienceProperties.defaults().auth0();
		assertThat(auth0.minTimeForCall()).isEqualTo(Duration.ofMillis(100));
		assertThat(auth0.retry())
			.isEqualTo(new ResilienceProperties.Retry(3, Duration.ofMillis(100), 2, Duration.ofMillis(400), 0.5));
		assertThat(auth0.retryBudget()).isEqualTo(new ResilienceProperties.RetryBudget(0.1, 3, Duration.ofSeconds(10)));
		assertThat(auth0.circuitBreaker()).isEqualTo(new ResilienceProperties.CircuitBreaker(
				SlidingWindowType.COUNT_BASED, 20, 10, 50, Duration.ofSeconds(1), 80, Duration.ofSeconds(10), 3));
		assertThat(auth0.bulkhead().maxConcurrentCalls()).isEqualTo(64);
		assertThat(auth0.rateLimit()).isEqualTo(new ResilienceProperties.RateLimit(0, Duration.ofMillis(250),
				Duration.ofSeconds(1), Duration.ofSeconds(60), 1));
		assertThat(ResilienceProperties.defaults().auth0Token().failureBackoff())
			.isEqualTo(new ResilienceProperties.FailureBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)));
	}

	@Test
	void applicationYmlShouldSpellOutEveryUpstreamAtItsDefaultsWithNoUnknownKey() throws IOException {
		List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"));
		Binder binder = new Binder(ConfigurationPropertySources.from(yaml));
		// Fails on any key under memberships.resilience that binds to nothing (a typo).
		ResilienceProperties bound = binder
			.bind(ResilienceProperties.PREFIX, Bindable.of(ResilienceProperties.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
			.get();
		assertThat(bound).isEqualTo(ResilienceProperties.defaults());
		for (String upstream : UpstreamResilienceRegistry.UPSTREAMS) {
			assertThat(binder
				.bind(ResilienceProperties.PREFIX + "." + upstream + ".bulkhead.max-concurrent-calls", Integer.class)
				.isBound()).as(upstream).isTrue();
		}
	}

	@Test
	void bindShouldOverrideOnlyWhatIsGiven() {
		ResilienceProperties properties = ResilienceProperties
			.bind(java.util.Map.of("memberships.resilience.enos-groups.retry.max-attempts", "5",
					"memberships.resilience.enos-token.failure-backoff.max", "2m"));
		assertThat(properties.enosGroups().retry().maxAttempts()).isEqualTo(5);
		assertThat(properties.enosStructures().retry().maxAttempts()).isEqualTo(3);
		assertThat(properties.enosToken().failureBackoff().max()).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.failureBackoff("enos-groups")).isNull();
	}

	@Test
	void startUpWhenValueInvalidShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("memberships.resilience.auth0.retry.max-attempts=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("auth0.retry.maxAttempts"));
		this.contextRunner
			.withPropertyValues("memberships.resilience.enos-groups.circuit-breaker.failure-rate-threshold=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("enosGroups.circuitBreaker.failureRateThreshold"));
	}

	@Test
	void startUpWhenUnknownWindowTypeShouldFail() {
		this.contextRunner.withPropertyValues("memberships.resilience.auth0.circuit-breaker.sliding-window-type=hourly")
			.run((context) -> assertThat(context).hasFailed());
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ResilienceProperties
			.bind(java.util.Map.of("memberships.resilience.auth0.circuit-breaker.sliding-window-type", "hourly")));
	}

}

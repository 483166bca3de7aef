package dev.memberships.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadProperties;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerProperties;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Every upstream's protection outside Spring, configured as the application is: from
 * {@code application.yml}'s {@code resilience4j.*} and {@code memberships.resilience.*},
 * bound the way Resilience4j's Spring Boot support binds them, with the given properties
 * (full names) on top.
 */
public final class TestUpstreams {

	private TestUpstreams() {
	}

	/**
	 * The application's policies, judged by the given clock, waiting on the parallel
	 * scheduler with random jitter.
	 */
	public static UpstreamResilienceRegistry registry(Clock clock, Duration defaultDeadline, String... properties) {
		return registry(clock, Schedulers.parallel(), () -> ThreadLocalRandom.current().nextDouble(), defaultDeadline,
				new SimpleMeterRegistry(), properties);
	}

	static UpstreamResilienceRegistry registry(Clock clock, Scheduler scheduler, DoubleSupplier random,
			Duration defaultDeadline, MeterRegistry meterRegistry, String... properties) {
		Binder binder = binder(properties);
		CircuitBreakerProperties breakers = binder.bindOrCreate("resilience4j.circuitbreaker",
				CircuitBreakerProperties.class);
		RetryProperties retries = binder.bindOrCreate("resilience4j.retry", RetryProperties.class);
		BulkheadProperties bulkheads = binder.bindOrCreate("resilience4j.bulkhead", BulkheadProperties.class);
		CircuitBreakerRegistry breakerRegistry = CircuitBreakerRegistry.ofDefaults();
		RetryRegistry retryRegistry = RetryRegistry.ofDefaults();
		BulkheadRegistry bulkheadRegistry = BulkheadRegistry.ofDefaults();
		for (String name : Upstreams.ALL) {
			breakerRegistry.circuitBreaker(name,
					breakers
						.createCircuitBreakerConfig(name, breakers.getInstances().get(name), new CompositeCustomizer<>(
								List.of(CircuitBreakerConfigCustomizer.of(name, (builder) -> builder.clock(clock))))));
			retryRegistry.retry(name, retries.createRetryConfig(retries.getInstances().get(name),
					new CompositeCustomizer<>(List.of(ResilienceConfiguration.retryJitter(name, random))), name));
			bulkheadRegistry.bulkhead(name, bulkheads.createBulkheadConfig(bulkheads.getInstances().get(name),
					new CompositeCustomizer<>(List.of()), name));
		}
		ResilienceProperties resilience = binder.bindOrCreate("memberships.resilience", ResilienceProperties.class);
		return new UpstreamResilienceRegistry(resilience, defaultDeadline, clock, scheduler, random, breakerRegistry,
				retryRegistry, bulkheadRegistry, meterRegistry);
	}

	/** The circuit breaker of one upstream. */
	public static CircuitBreaker circuitBreaker(UpstreamResilienceRegistry registry, String upstream) {
		return registry.get(upstream).parts().circuitBreaker();
	}

	/** How long the rate-limit gate of one upstream stays closed from now. */
	public static Duration gateClosedFor(UpstreamResilienceRegistry registry, String upstream) {
		return registry.get(upstream).parts().gate().closedFor();
	}

	private static Binder binder(String... properties) {
		Map<String, Object> overrides = new LinkedHashMap<>();
		for (String property : properties) {
			String[] keyAndValue = property.split("=", 2);
			overrides.put(keyAndValue[0], keyAndValue[1]);
		}
		List<PropertySource<?>> sources = new ArrayList<>();
		sources.add(new MapPropertySource("test", overrides));
		try {
			sources.addAll(
					new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Binder(ConfigurationPropertySources.from(sources));
	}

}

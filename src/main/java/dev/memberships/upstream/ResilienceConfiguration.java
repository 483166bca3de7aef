package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Builds every upstream's protection, the {@link UpstreamResilienceRegistry}. Its
 * Resilience4j instances come, by name, from the registries Resilience4j's Spring Boot
 * support builds from {@code resilience4j.*}, so that their configuration, metrics and
 * actuator endpoints are Resilience4j's own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
@Import(ResilienceConfiguration.BreakerClocks.class)
public class ResilienceConfiguration {

	/**
	 * The deadline of a call that brings none, when {@code memberships.deadline} is not
	 * set.
	 */
	static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

	/**
	 * The registry of every upstream's protection.
	 * @param properties what Resilience4j does not configure,
	 * {@code memberships.resilience.*}
	 * @param environment where the default deadline of a call that brings none is read,
	 * {@code memberships.deadline} (2 s when not set)
	 * @param clock the application's clock
	 * @param circuitBreakers the application's circuit breaker registry
	 * @param retries the application's retry registry
	 * @param bulkheads the application's bulkhead registry
	 * @param meterRegistry where upstream calls are measured
	 * @return the registry
	 */
	@Bean
	UpstreamResilienceRegistry upstreamResilienceRegistry(ResilienceProperties properties, Environment environment,
			Clock clock, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, BulkheadRegistry bulkheads,
			MeterRegistry meterRegistry) {
		Duration deadline = Binder.get(environment)
			.bind("memberships.deadline", Duration.class)
			.orElse(DEFAULT_DEADLINE);
		return new UpstreamResilienceRegistry(properties, deadline, clock, Schedulers.parallel(),
				() -> ThreadLocalRandom.current().nextDouble(), circuitBreakers, retries, bulkheads, meterRegistry);
	}

	@Bean
	static LateUpstreamFailures lateUpstreamFailures() {
		return new LateUpstreamFailures();
	}

	/**
	 * Gives every upstream's circuit breaker the application's clock, so that its
	 * open-state wait is judged by the same time as the rest: Resilience4j takes one
	 * customizer per instance name.
	 */
	static class BreakerClocks implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment env) {
			for (String upstream : Upstreams.ALL) {
				registry.registerBean(upstream + "CircuitBreakerClock", CircuitBreakerConfigCustomizer.class,
						(spec) -> spec.supplier((context) -> CircuitBreakerConfigCustomizer.of(upstream,
								(builder) -> builder.clock(context.bean(Clock.class)))));
			}
		}

	}

}

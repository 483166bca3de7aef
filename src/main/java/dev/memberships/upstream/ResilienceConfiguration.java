package dev.memberships.upstream;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties({ ResilienceProperties.class, DeadlineProperties.class })
@Import(ResilienceConfiguration.BreakerClocks.class)
public class ResilienceConfiguration {

	/** The jitter of every wait: retries, the gate's backoff, the token backoff. */
	static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

	/**
	 * The registry of every upstream's protection.
	 * @param properties what Resilience4j does not configure,
	 * {@code memberships.resilience.*}
	 * @param deadline the deadline of a call that brings none
	 * @param clock the application's clock
	 * @param circuitBreakers the application's circuit breaker registry
	 * @param retries the application's retry registry
	 * @param bulkheads the application's bulkhead registry
	 * @param meterRegistry where upstream calls are measured
	 * @return the registry
	 */
	@Bean
	UpstreamResilienceRegistry upstreamResilienceRegistry(ResilienceProperties properties, DeadlineProperties deadline,
			Clock clock, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, BulkheadRegistry bulkheads,
			MeterRegistry meterRegistry) {
		return new UpstreamResilienceRegistry(properties, deadline.deadline(), clock, Schedulers.parallel(), RANDOM,
				circuitBreakers, retries, bulkheads, meterRegistry);
	}

	@Bean
	static LateUpstreamFailures lateUpstreamFailures() {
		return new LateUpstreamFailures();
	}

	/**
	 * Gives every upstream's retry the service's one jitter style, {@link Backoff}'s:
	 * each wait between half of what {@code resilience4j.retry} configures and all of it.
	 * @param upstream the retry instance's name
	 * @param random the source of jitter, uniform in [0, 1)
	 * @return the customizer, applied after the instance's properties
	 */
	static RetryConfigCustomizer retryJitter(String upstream, DoubleSupplier random) {
		// The configured waits, without randomness, are the ceiling: built from the
		// builder as the properties left it.
		return RetryConfigCustomizer.of(upstream, (builder) -> builder
			.intervalBiFunction(Backoff.halfRandom(builder.build().getIntervalBiFunction(), random)));
	}

	/**
	 * Gives every upstream's circuit breaker the application's clock, so that its
	 * open-state wait is judged by the same time as the rest, and its retry the service's
	 * jitter: Resilience4j takes one customizer per instance name.
	 */
	static class BreakerClocks implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment env) {
			for (String upstream : Upstreams.ALL) {
				registry.registerBean(upstream + "CircuitBreakerClock", CircuitBreakerConfigCustomizer.class,
						(spec) -> spec.supplier((context) -> CircuitBreakerConfigCustomizer.of(upstream,
								(builder) -> builder.clock(context.bean(Clock.class)))));
				registry.registerBean(upstream + "RetryJitter", RetryConfigCustomizer.class,
						(spec) -> spec.supplier((context) -> retryJitter(upstream, RANDOM)));
			}
		}

	}

}

package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Every upstream's protection, its Resilience4j instances created in the registries
 * Resilience4j's Spring Boot support configures, so that their metrics and actuator
 * endpoints work; plain registries when there are none.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
public class ResilienceConfiguration {

	/**
	 * The deadline of a call that brings none, when {@code memberships.deadline} is not
	 * set.
	 */
	static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

	/**
	 * The registry of every upstream's protection.
	 * @param properties the policies, {@code memberships.resilience.*}
	 * @param environment where the default deadline of a call that brings none is read,
	 * {@code memberships.deadline} (2 s when not set)
	 * @param clock the application's clock when it defines one, else the system clock
	 * @param circuitBreakers the application's circuit breaker registry
	 * @param retries the application's retry registry
	 * @param bulkheads the application's bulkhead registry
	 * @param meterRegistry where upstream calls are measured
	 * @return the registry
	 */
	@Bean
	UpstreamResilienceRegistry upstreamResilienceRegistry(ResilienceProperties properties, Environment environment,
			ObjectProvider<Clock> clock, ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
			ObjectProvider<RetryRegistry> retries, ObjectProvider<BulkheadRegistry> bulkheads,
			ObjectProvider<MeterRegistry> meterRegistry) {
		Duration deadline = Binder.get(environment)
			.bind("memberships.deadline", Duration.class)
			.orElse(DEFAULT_DEADLINE);
		return new UpstreamResilienceRegistry(properties, deadline, clock.getIfAvailable(Clock::systemUTC),
				Schedulers.parallel(), () -> ThreadLocalRandom.current().nextDouble(),
				circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
				retries.getIfAvailable(RetryRegistry::ofDefaults),
				bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults),
				meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	static LateUpstreamFailures lateUpstreamFailures() {
		return new LateUpstreamFailures();
	}

}

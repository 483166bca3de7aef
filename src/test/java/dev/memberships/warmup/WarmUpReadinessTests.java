package dev.memberships.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness and the warm-up's bounds. A tiny application of its own (no web server, no
 * upstreams: a few beans, started in well under a second) shows Spring Boot's own
 * readiness state held back while a step runs; the bounds are the warm-up's alone.
 */
// The hang guard only: a warm-up that ignored its bounds would hang here forever.
@Timeout(120)
class WarmUpReadinessTests {

	private static final WarmUpProperties BOUNDED = new WarmUpProperties(true, Duration.ofSeconds(2),
			Duration.ofMillis(300), 0, false);

	@Test
	void readinessShouldRefuseTrafficUntilTheWarmUpIsDone() throws Exception {
		AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
		CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(Blocking.class).web(WebApplicationType.NONE)
				.initializers(context::set)
				.properties("spring.main.banner-mode=off", "memberships.warm-up.step-timeout=1h",
						"memberships.warm-up.timeout=1h")
				.run());
		try {
			assertThat(Blocking.STEP_STARTED.await(60, TimeUnit.SECONDS)).isTrue();
			ApplicationAvailability availability = context.get().getBean(ApplicationAvailability.class);
			assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			assertThat(started).isNotDone();

			Blocking.STEP_MAY_END.countDown();

			await().atMost(Duration.ofSeconds(60))
				.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		}
		finally {
			Blocking.STEP_MAY_END.countDown();
			started.get(60, TimeUnit.SECONDS).close();
		}
	}

	@Test
	void stepsThatKeepFailingOrNeverFinishShouldBeLoggedAndLeftBehindAtTheStepTimeout() {
		WarmUp warmUp = new WarmUp(
				BOUNDED, List.of(step("never", Mono.never()),
						step("broken", Mono.error(new IllegalStateException("no answer"))), step("fine", Mono.just(1))),
				null, new MockEnvironment(), Ticker.systemTicker());

		List<String> outcomes = warmUp.run();

		assertThat(outcomes).containsExactlyInAnyOrder("never not done within 300 ms",
				"broken not done within 300 ms (last failure: java.lang.IllegalStateException: no answer)",
				outcomes.stream()
					.filter((outcome) -> outcome.startsWith("fine "))
					.findFirst()
					.orElseThrow(() -> new AssertionError("fine missing: " + outcomes)));
	}

	@Test
	void aStepThatNeverFinishesShouldBeGivenUpAtTheWarmUpsTimeout() {
		WarmUp warmUp = new WarmUp(new WarmUpProperties(true, Duration.ofMillis(300), Duration.ofHours(1), 0, false),
				List.of(step("fine", Mono.just(1)), step("never", Mono.never())), null, new MockEnvironment(),
				Ticker.systemTicker());

		List<String> outcomes = warmUp.run();

		assertThat(outcomes).hasSize(2)
			.anyMatch((outcome) -> outcome.startsWith("fine "))
			.contains("the rest given up after 300 ms");
	}

	@Test
	void disabledWarmUpShouldNotRunAnyStep() {
		CountDownLatch ran = new CountDownLatch(1);
		WarmUp warmUp = new WarmUp(new WarmUpProperties(false, Duration.ofSeconds(2), Duration.ofSeconds(1), 0, false),
				List.of(step("counted", Mono.fromRunnable(ran::countDown))), null, new MockEnvironment(),
				Ticker.systemTicker());

		warmUp.onApplicationEvent(null);

		assertThat(ran.getCount()).isOne();
	}

	@Test
	void exitWhenDoneShouldCloseTheApplicationOnceWarmAsTheImagesTrainingRunNeeds() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Closing.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			// As the Dockerfile passes it: an argument, above application.yml's false.
			.run("--memberships.warm-up.exit-when-done=true");

		assertThat(Closing.RAN.getCount()).isZero();
		assertThat(context.isActive()).isFalse();
	}

	private static WarmUpStep step(String name, Mono<?> work) {
		return new WarmUpStep() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Mono<?> run() {
				return work;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ApplicationAvailabilityAutoConfiguration.class)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(WarmUpProperties.class)
	static class Blocking {

		static final CountDownLatch STEP_STARTED = new CountDownLatch(1);

		static final CountDownLatch STEP_MAY_END = new CountDownLatch(1);

		@Bean
		WarmUp warmUp(WarmUpProperties properties) {
			WarmUpStep waiting = step("waiting", Mono.fromCallable(() -> {
				STEP_STARTED.countDown();
				return STEP_MAY_END.await(1, TimeUnit.HOURS);
			}).subscribeOn(Schedulers.boundedElastic()));
			return new WarmUp(properties, List.of(waiting), null, new MockEnvironment(), Ticker.systemTicker());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ApplicationAvailabilityAutoConfiguration.class)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(WarmUpProperties.class)
	static class Closing {

		static final CountDownLatch RAN = new CountDownLatch(1);

		@Bean
		WarmUp warmUp(WarmUpProperties properties) {
			return new WarmUp(properties, List.of(step("counted", Mono.fromRunnable(RAN::countDown))), null,
					new MockEnvironment(), Ticker.systemTicker());
		}

	}

}

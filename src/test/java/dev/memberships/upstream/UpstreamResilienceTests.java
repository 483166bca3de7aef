package dev.memberships.upstream;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * One upstream's protection against a WireMock upstream over real HTTP: what reaches the
 * upstream (counted at the stub) and when (its arrival times), not only what the caller
 * gets. Jitter is off (the random source answers 0), so that waits are exact; time is the
 * system's, except for the breaker, whose clock the test moves.
 */
class UpstreamResilienceTests {

	private static final String PATH = "/thing";

	/** What a loaded build machine may add to a wait; lower bounds are exact. */
	private static final long SLACK_MILLIS = 1000;

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(60))
		.build();

	private Clock clock = Clock.systemUTC();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private UpstreamResilience upstream;

	private WebClient webClient;

	// 429 and rate limits

	@Test
	void callWhen429WithRetryAfterShouldWaitThatLongThenTryOnce() {
		protect();
		stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "1"), ok("fine"));
		assertThat(call(Duration.ofSeconds(3)).block()).isEqualTo("fine");
		List<Long> arrivals = arrivals();
		assertThat(arrivals).hasSize(2);
		assertThat(arrivals.get(1) - arrivals.get(0)).isBetween(1000L, 1000 + SLACK_MILLIS);
	}

	@Test
	void callWhen429WithOnlyResetShouldWaitUntilReset() {
		protect();
		long reset = Instant.now().getEpochSecond() + 2;
		stubSequence(aResponse().withStatus(429)
			.withHeader("X-RateLimit-Remaining", "0")
			.withHeader("X-RateLimit-Reset", String.valueOf(reset)), ok("fine"));
		assertThat(call(Duration.ofSeconds(4)).block()).isEqualTo("fine");
		List<Long> arrivals = arrivals();
		assertThat(arrivals).hasSize(2);
		assertThat(arrivals.get(1)).isBetween(reset * 1000 - 5, reset * 1000 + SLACK_MILLIS);
	}

	@Test
	void callWhen429WithNeitherShouldBackOffExponentially() {
		// Without jitter a backoff is half its base: 400 ms, then 800 ms, halved.
		protect("rate-limit.initial-backoff=400ms", "rate-limit.max-retries=2");
		stubSequence(aResponse().withStatus(429), aResponse().withStatus(429), ok("fine"));
		assertThat(call(Duration.ofSeconds(5)).block()).isEqualTo("fine");
		List<Long> arrivals = arrivals();
		assertThat(arrivals).hasSize(3);
		assertThat(arrivals.get(1) - arrivals.get(0)).isBetween(200L, 200 + SLACK_MILLIS);
		assertThat(arrivals.get(2) - arrivals.get(1)).isBetween(400L, 400 + SLACK_MILLIS);
	}

	@Test
	void callWhileGateClosedShouldNotReachUpstreamAndSayWhenToComeBack() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
		UpstreamException first = failure(call(Duration.ofSeconds(1)));
		assertThat(first.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(first.statusCode()).isEqualTo(429);
		assertThat(first.retryAfter()).contains(Duration.ofSeconds(2));
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			UpstreamException refused = failure(call(Duration.ofSeconds(1)));
			assertThat(refused.reason()).isEqualTo(FailureReason.RATE_LIMITED);
			assertThat(refused.retryAfter())
				.hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
		}
		assertThat(elapsedSince(started)).isLessThan(Duration.ofMillis(500));
		assertThat(arrivals()).hasSize(1);
	}

	@Test
	void callsBehindOne429ShouldSendOneProbeAfterTheWaitThenTheRest() throws Exception {
		protect();
		int probeMillis = 300;
		stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "1"),
				ok("fine").withFixedDelay(probeMillis));
		Mono<List<String>> first = call(Duration.ofSeconds(6)).map(List::of).cache();
		first.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.upstream.gate().closedFor().isPositive());
		List<String> crowd = Flux.range(0, 20)
			.flatMap((i) -> call(Duration.ofSeconds(6)), 20)
			.concatWith(first.flatMapIterable((answer) -> answer))
			.collectList()
			.block(Duration.ofSeconds(15));
		assertThat(crowd).hasSize(21).containsOnly("fine");
		List<Long> arrivals = arrivals();
		assertThat(arrivals).hasSize(22);
		long rateLimited = arrivals.get(0);
		long probe = arrivals.get(1);
		// Nothing while the gate was closed, then one call alone ...
		assertThat(probe - rateLimited).isBetween(1000L, 1000 + SLACK_MILLIS);
		// ... and the other twenty only once it was answered.
		assertThat(arrivals.subList(2, 22)).allSatisfy((arrival) -> assertThat(arrival).isGreaterThan(probe));
		assertThat(arrivals.get(2) - probe).isGreaterThanOrEqualTo(probeMillis - 5);
	}

	@Test
	void callsBehindOne429ShouldSpendNoMoreThanTheProbesRemainingBeforeTheReset() throws Exception {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
		// Too short a deadline to wait out the 429: it closes the gate and gives up, so
		// that only the crowd below meets the answers that follow.
		assertThat(failure(call(Duration.ofMillis(500))).reason()).isEqualTo(FailureReason.RATE_LIMITED);
		// Set only now, so that the reset is at least 2 s after the probe.
		String reset = String.valueOf(Instant.now().getEpochSecond() + 4);
		stubSequence(ok("probe").withHeader("X-RateLimit-Remaining", "1").withHeader("X-RateLimit-Reset", reset),
				aResponse().withStatus(429)
					.withHeader("X-RateLimit-Remaining", "0")
					.withHeader("X-RateLimit-Reset", reset),
				ok("fine"));
		List<String> crowd = Flux.range(0, 10)
			.flatMap((i) -> call(Duration.ofSeconds(8)), 10)
			.collectList()
			.block(Duration.ofSeconds(15));
		assertThat(crowd).hasSize(10).containsOnlyOnce("probe").containsOnly("probe", "fine");
		// Before the reset: the 429, the probe and the one request its answer left.
		long resetMillis = Long.parseLong(reset) * 1000;
		assertThat(arrivals()).filteredOn((arrival) -> arrival < resetMillis - 5).hasSize(3);
		// The 429, the crowd's ten, and the one that met the second 429 again after the
		// reset.
		assertThat(wireMock.countRequestsMatching(getRequestedFor(urlEqualTo(PATH)).build()).getCount()).isEqualTo(12);
	}

	@Test
	void callAfterAnswerWithNothingRemainingShouldWaitForReset() {
		protect();
		long reset = Instant.now().getEpochSecond() + 2;
		stubSequence(
				ok("first").withHeader("X-RateLimit-Remaining", "0")
					.withHeader("X-RateLimit-Reset", String.valueOf(reset)),
				ok("second").withHeader("X-RateLimit-Remaining", "9"));
		assertThat(call(Duration.ofSeconds(5)).block()).isEqualTo("first");
		assertThat(call(Duration.ofSeconds(5)).block()).isEqualTo("second");
		List<Long> arrivals = arrivals();
		assertThat(arrivals.get(1)).isBetween(reset * 1000 - 5, reset * 1000 + SLACK_MILLIS);
	}

	@Test
	void callWhenRateLimitWaitLongerThanDeadlineShouldFailAtOnce() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
		long started = System.nanoTime();
		UpstreamException failure = failure(call(Duration.ofSeconds(2)));
		assertThat(elapsedSince(started)).isLessThan(Duration.ofMillis(500));
		assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
		assertThat(arrivals()).hasSize(1);
	}

	// Retries and their budget

	@ParameterizedTest
	@CsvSource({ "500, 3", "502, 3", "503, 3", "504, 3", "408, 3", "400, 1", "401, 1", "403, 1", "404, 1", "409, 1",
			"422, 1" })
	void callShouldRetryOutagesOnly(int status, int expectedRequests) {
		protect("retry.initial-backoff=1ms");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(status)));
		failure(call(Duration.ofSeconds(3)));
		assertThat(arrivals()).hasSize(expectedRequests);
	}

	@Test
	void callWhenConnectionRefusedShouldRetry() throws IOException {
		protect("retry.initial-backoff=1ms");
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		WebClient nowhere = UpstreamWebClients.forUpstream(UpstreamWebClients.create(WebClient.builder(),
				"http://localhost:" + closedPort, Duration.ofSeconds(1), 1024), this.upstream);
		AtomicInteger attempts = new AtomicInteger();
		Mono<String> call = this.upstream.decorate(Mono.defer(() -> {
			attempts.incrementAndGet();
			return nowhere.get().uri(PATH).retrieve().bodyToMono(String.class);
		}).onErrorMap((ex) -> UpstreamErrors.translate("auth0", ex)));
		assertThat(failure(call).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		assertThat(attempts).hasValue(3);
	}

	@Test
	void callsToAFailingUpstreamShouldRetryNoMoreThanTheBudget() {
		// A breaker that never opens, so that only the budget limits retries.
		protect("retry.initial-backoff=1ms", "circuit-breaker.sliding-window-size=1000",
				"circuit-breaker.minimum-number-of-calls=1000");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
		for (int i = 0; i < 50; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		}
		// Three attempts each would be 150 requests; the budget allows
		// max(3, 10 % of 50) = 5 retries.
		assertThat(arrivals()).hasSize(55);
	}

	@Test
	void callWhenBackoffWouldOutlastDeadlineShouldNotRetry() {
		protect("retry.initial-backoff=500ms", "retry.max-backoff=500ms");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
		long started = System.nanoTime();
		assertThat(failure(call(Duration.ofMillis(550))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		assertThat(elapsedSince(started)).isLessThan(Duration.ofMillis(450));
		assertThat(arrivals()).hasSize(1);
	}

	// Circuit breaker

	@Test
	void breakerShouldOpenAfterFailuresAnswerAtOnceWhileOpenAndCloseAfterHealing() {
		ManualScheduler time = new ManualScheduler();
		this.clock = time.clock(Instant.now());
		protect("retry.max-attempts=1", "circuit-breaker.sliding-window-size=4",
				"circuit-breaker.minimum-number-of-calls=4", "circuit-breaker.wait-duration-in-open-state=30s",
				"circuit-breaker.permitted-calls-in-half-open-state=2");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(500)));
		for (int i = 0; i < 4; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		}
		assertThat(this.upstream.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		long started = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.CIRCUIT_OPEN);
		}
		assertThat(elapsedSince(started)).isLessThan(Duration.ofMillis(500));
		assertThat(arrivals()).hasSize(4);
		// Still open a moment before the wait is over.
		time.advanceTimeBy(Duration.ofSeconds(29));
		assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.CIRCUIT_OPEN);
		wireMock.stubFor(get(PATH).willReturn(ok("healed")));
		time.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(call(Duration.ofSeconds(3)).block()).isEqualTo("healed");
		assertThat(this.upstream.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(call(Duration.ofSeconds(3)).block()).isEqualTo("healed");
		assertThat(this.upstream.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(arrivals()).hasSize(6);
	}

	@Test
	void breakerShouldCountClientErrorsAsAnswersAndIgnoreRateLimits() {
		protect("retry.max-attempts=1", "circuit-breaker.sliding-window-size=20",
				"circuit-breaker.minimum-number-of-calls=4", "rate-limit.initial-backoff=1ms",
				"rate-limit.max-wait=1ms", "rate-limit.max-retries=0");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));
		for (int i = 0; i < 8; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.NOT_FOUND);
		}
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429)));
		for (int i = 0; i < 8; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.RATE_LIMITED);
		}
		CircuitBreaker breaker = this.upstream.circuitBreaker();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// The 404s are answers; the 429s are not counted at all.
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(8);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(8);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(arrivals()).hasSize(16);
	}

	// Bulkhead

	@Test
	void callsBeyondBulkheadShouldBeRefusedAtOnce() {
		protect("bulkhead.max-concurrent-calls=2");
		wireMock.stubFor(get(PATH).willReturn(ok("slow").withFixedDelay(500)));
		List<String> outcomes = Flux.range(0, 6)
			.flatMap((i) -> call(Duration.ofSeconds(3)).onErrorResume(UpstreamException.class,
					(ex) -> Mono.just(ex.reason().code())), 6)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(outcomes).containsExactlyInAnyOrder("slow", "slow", "bulkhead_full", "bulkhead_full",
				"bulkhead_full", "bulkhead_full");
		assertThat(arrivals()).hasSize(2);
	}

	// Deadline

	@Test
	void callWhenUpstreamHangsShouldCostNoMoreThanTheDeadline() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(ok("late").withFixedDelay(10_000)));
		long started = System.nanoTime();
		UpstreamException failure = failure(call(Duration.ofMillis(800)));
		Duration took = elapsedSince(started);
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(took).isBetween(Duration.ofMillis(750), Duration.ofMillis(800 + SLACK_MILLIS));
		// No retry: nothing was left of the deadline; and nothing goes out after it.
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> arrivals().size() == 1);
	}

	@Test
	void callWithoutDeadlineInContextShouldGetTheDefaultDeadline() {
		protect(Duration.ofMillis(700));
		wireMock.stubFor(get(PATH).willReturn(ok("late").withFixedDelay(10_000)));
		long started = System.nanoTime();
		assertThat(failure(call()).reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(elapsedSince(started)).isBetween(Duration.ofMillis(650), Duration.ofMillis(700 + SLACK_MILLIS));
	}

	@Test
	void withinDeadlineShouldBoundAWholeOperationAndHandItsDeadlineToEveryCall() {
		protect(Duration.ofSeconds(10));
		wireMock.stubFor(get(PATH).willReturn(ok("slow").withFixedDelay(400)));
		// Two calls one after the other, 400 ms each, within 600 ms: the second is cut.
		Mono<String> both = call().then(call());
		long started = System.nanoTime();
		UpstreamException failure = failure(this.upstream.withinDeadline(both)
			.contextWrite(Deadline.after(Duration.ofMillis(600), this.clock).asContext()));
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(elapsedSince(started)).isLessThan(Duration.ofMillis(600 + SLACK_MILLIS));
		assertThat(arrivals()).hasSize(2);
	}

	private void protect(String... properties) {
		protect(Duration.ofSeconds(2), properties);
	}

	private void protect(Duration defaultDeadline, String... properties) {
		Map<String, String> map = new HashMap<>();
		for (String property : properties) {
			String[] keyAndValue = property.split("=", 2);
			map.put(ResilienceProperties.PREFIX + ".auth0." + keyAndValue[0], keyAndValue[1]);
		}
		UpstreamResilienceRegistry registry = new UpstreamResilienceRegistry(ResilienceProperties.bind(map),
				defaultDeadline, this.clock, Schedulers.parallel(), () -> 0.0, CircuitBreakerRegistry.ofDefaults(),
				RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), this.meterRegistry);
		this.upstream = registry.get("auth0");
		this.webClient = UpstreamWebClients.forUpstream(
				UpstreamWebClients.create(WebClient.builder(), wireMock.baseUrl(), Duration.ofSeconds(1), 2_097_152),
				this.upstream);
	}

	/** One call, as a client makes it: errors by status, nothing of the body. */
	private Mono<String> call() {
		return this.upstream.decorate(this.webClient.get()
			.uri(PATH)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(String.class).defaultIfEmpty("")
					: response.releaseBody()
						.then(Mono.error(UpstreamErrors.forStatus("auth0", response.statusCode(),
								response.headers().asHttpHeaders())))));
	}

	private Mono<String> call(Duration deadline) {
		return call().contextWrite(Deadline.after(deadline, this.clock).asContext());
	}

	/** The stub answers these, one per request, the last one from then on. */
	private static void stubSequence(ResponseDefinitionBuilder... answers) {
		for (int i = 0; i < answers.length; i++) {
			var stub = get(PATH).inScenario("sequence")
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "answered-" + i)
				.willReturn(answers[i]);
			if (i + 1 < answers.length) {
				stub = stub.willSetStateTo("answered-" + (i + 1));
			}
			wireMock.stubFor(stub);
		}
	}

	/** When each request reached the stub, in epoch milliseconds, in order. */
	private static List<Long> arrivals() {
		return wireMock.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.map((request) -> request.getLoggedDate().getTime())
			.sorted(Comparator.naturalOrder())
			.toList();
	}

	private static UpstreamException failure(Mono<?> call) {
		UpstreamException failure = catchThrowableOfType(UpstreamException.class,
				() -> call.block(Duration.ofSeconds(15)));
		assertThat(failure).as("expected an UpstreamException").isNotNull();
		assertThat(failure.upstream()).isEqualTo("auth0");
		return failure;
	}

	private static Duration elapsedSince(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos);
	}

}

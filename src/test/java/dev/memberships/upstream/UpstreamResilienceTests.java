package dev.memberships.upstream;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One upstream's protection against a WireMock upstream over real HTTP, on virtual time:
 * every wait, backoff, timeout and breaker interval runs on a {@link ManualScheduler} and
 * its clock, which the test moves on to the next timer whenever no call is out at the
 * upstream. What reaches the upstream is counted at the stub; when it was sent is stamped
 * in virtual time. Jitter draws 0, so that waits are exact: half of each backoff.
 */
class UpstreamResilienceTests {

	private static final String PATH = "/thing";

	/** A whole second, so that {@code X-RateLimit-Reset} values are exact. */
	private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

	@RegisterExtension
	static WireMockExtension wireMock = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(60))
		.build();

	private final ManualScheduler time = new ManualScheduler();

	private final Clock clock = this.time.clock(ORIGIN);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	/** Calls out at the upstream now: virtual time stands still while there are any. */
	private final AtomicInteger inFlight = new AtomicInteger();

	/** When each call was sent, in virtual milliseconds since the origin. */
	private final List<Long> sent = new CopyOnWriteArrayList<>();

	private UpstreamResilience upstream;

	private WebClient webClient;

	// 429 and rate limits

	@Test
	void callWhen429WithRetryAfterShouldWaitThatLongThenTryOnce() {
		protect();
		stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "1"), ok("fine"));
		assertThat(result(call(Duration.ofSeconds(3)))).isEqualTo("fine");
		assertThat(requests()).isEqualTo(2);
		assertThat(this.sent).containsExactly(0L, 1000L);
	}

	@Test
	void callWhen429WithOnlyResetShouldWaitUntilReset() {
		protect();
		stubSequence(aResponse().withStatus(429)
			.withHeader("X-RateLimit-Remaining", "0")
			.withHeader("X-RateLimit-Reset", epochSecondsAt(2)), ok("fine"));
		assertThat(result(call(Duration.ofSeconds(4)))).isEqualTo("fine");
		assertThat(requests()).isEqualTo(2);
		assertThat(this.sent).containsExactly(0L, 2000L);
	}

	@Test
	void callWhen429WithNeitherShouldBackOffExponentially() {
		// Without jitter a backoff is half its base: 400 ms, then 800 ms, halved.
		protect("memberships.resilience.rate-limit.initial-backoff=400ms",
				"memberships.resilience.rate-limit.max-retries=2");
		stubSequence(aResponse().withStatus(429), aResponse().withStatus(429), ok("fine"));
		assertThat(result(call(Duration.ofSeconds(5)))).isEqualTo("fine");
		assertThat(requests()).isEqualTo(3);
		assertThat(this.sent).containsExactly(0L, 200L, 600L);
	}

	@Test
	void callWhileGateClosedShouldNotReachUpstreamAndSayWhenToComeBack() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
		UpstreamException first = failure(call(Duration.ofSeconds(1)));
		assertThat(first.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(first.statusCode()).isEqualTo(429);
		assertThat(first.retryAfter()).contains(Duration.ofSeconds(2));
		long before = now();
		for (int i = 0; i < 10; i++) {
			UpstreamException refused = failure(call(Duration.ofSeconds(1)));
			assertThat(refused.reason()).isEqualTo(FailureReason.RATE_LIMITED);
			assertThat(refused.retryAfter())
				.hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
		}
		// Refused at once: no time passed, and nothing reached the upstream.
		assertThat(now()).isEqualTo(before);
		assertThat(requests()).isEqualTo(1);
	}

	@Test
	void callsBehindOne429ShouldSendOneProbeAfterTheWaitThenTheRest() {
		protect();
		int probeMillis = 300;
		stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "1"),
				ok("fine").withFixedDelay(probeMillis));
		Mono<List<String>> first = call(Duration.ofSeconds(6)).map(List::of).cache();
		CompletableFuture<List<String>> firstAnswer = first.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.upstream.parts().gate().closedFor().isPositive());
		List<String> crowd = result(Flux.range(0, 20)
			.flatMap((i) -> call(Duration.ofSeconds(6)), 20)
			.concatWith(Mono.fromFuture(firstAnswer).flatMapIterable((answer) -> answer))
			.collectList());
		assertThat(crowd).hasSize(21).containsOnly("fine");
		assertThat(requests()).isEqualTo(22);
		// Nothing while the gate was closed, then one call alone ...
		assertThat(this.sent.subList(0, 2)).containsExactly(0L, 1000L);
		// ... and the other twenty only once it was answered.
		List<Long> arrivals = arrivals();
		long probe = arrivals.get(1);
		assertThat(arrivals.subList(2, 22))
			.allSatisfy((arrival) -> assertThat(arrival - probe).isGreaterThanOrEqualTo(probeMillis - 5));
	}

	@Test
	void callsBehindOne429ShouldSpendNoMoreThanTheProbesRemainingBeforeTheReset() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
		// Too short a deadline to wait out the 429: it closes the gate and gives up, so
		// that only the crowd below meets the answers that follow.
		assertThat(failure(call(Duration.ofMillis(500))).reason()).isEqualTo(FailureReason.RATE_LIMITED);
		String reset = epochSecondsAt(4);
		stubSequence(ok("probe").withHeader("X-RateLimit-Remaining", "1").withHeader("X-RateLimit-Reset", reset),
				aResponse().withStatus(429)
					.withHeader("X-RateLimit-Remaining", "0")
					.withHeader("X-RateLimit-Reset", reset),
				ok("fine"));
		List<String> crowd = result(Flux.range(0, 10).flatMap((i) -> call(Duration.ofSeconds(8)), 10).collectList());
		assertThat(crowd).hasSize(10).containsOnlyOnce("probe").containsOnly("probe", "fine");
		// Before the reset: the 429, the probe and the one request its answer left.
		assertThat(this.sent).filteredOn((sentAt) -> sentAt < 4000).hasSize(3);
		// The 429, the crowd's ten, and the one that met the second 429 again after the
		// reset.
		assertThat(requests()).isEqualTo(12);
	}

	@Test
	void callAfterAnswerWithNothingRemainingShouldWaitForReset() {
		protect();
		stubSequence(
				ok("first").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", epochSecondsAt(2)),
				ok("second").withHeader("X-RateLimit-Remaining", "9"));
		assertThat(result(call(Duration.ofSeconds(5)))).isEqualTo("first");
		assertThat(result(call(Duration.ofSeconds(5)))).isEqualTo("second");
		assertThat(this.sent).containsExactly(0L, 2000L);
	}

	@Test
	void callWhenRateLimitWaitLongerThanDeadlineShouldFailAtOnce() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
		UpstreamException failure = failure(call(Duration.ofSeconds(2)));
		assertThat(now()).isZero();
		assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
		assertThat(requests()).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "Retry-After, 3600", "X-RateLimit-Reset, 5" })
	void callWhen429ShouldTellTheCallerTheGatesClosedTime(String header, int seconds) {
		// Capped at max-wait, or until the reset plus the jitter drawn: whatever the gate
		// keeps is what the caller's Retry-After says.
		protect("memberships.resilience.rate-limit.max-wait=60s", "memberships.resilience.rate-limit.reset-jitter=1s");
		String value = header.equals("Retry-After") ? String.valueOf(seconds) : epochSecondsAt(seconds);
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader(header, value)));
		UpstreamException failure = failure(call(Duration.ofSeconds(2)));
		assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
		Duration closedFor = this.upstream.parts().gate().closedFor();
		assertThat(closedFor).isPositive();
		assertThat(failure.retryAfter()).contains(closedFor);
	}

	// Retries and their budget

	@ParameterizedTest
	@CsvSource({ "500, 3", "502, 3", "503, 3", "504, 3", "408, 3", "400, 1", "401, 1", "403, 1", "404, 1", "409, 1",
			"422, 1" })
	void callShouldRetryOutagesOnly(int status, int expectedRequests) {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(status)));
		failure(call(Duration.ofSeconds(3)));
		assertThat(requests()).isEqualTo(expectedRequests);
	}

	@Test
	void callShouldWaitExponentiallyGrowingBackoffsBetweenRetries() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
		failure(call(Duration.ofSeconds(3)));
		// resilience4j.retry: 100 ms, then twice that; without jitter each is halved.
		assertThat(this.sent).containsExactly(0L, 50L, 150L);
		assertThat(retriesCounted()).isEqualTo(2);
	}

	@Test
	void callWhenConnectionRefusedShouldRetry() throws IOException {
		protect();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		WebClient nowhere = UpstreamWebClients.forUpstream(UpstreamWebClients.create(WebClient.builder(),
				"http://localhost:" + closedPort, Duration.ofSeconds(1), 1024), this.upstream);
		AtomicInteger attempts = new AtomicInteger();
		Mono<String> call = this.upstream.decorate(tracked(Mono.defer(() -> {
			attempts.incrementAndGet();
			return nowhere.get().uri(PATH).retrieve().bodyToMono(String.class);
		})));
		assertThat(failure(call).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		assertThat(attempts).hasValue(3);
	}

	@Test
	void callsToAFailingUpstreamShouldRetryNoMoreThanTheBudget() {
		// A breaker that never opens, so that only the budget limits retries.
		protect("resilience4j.circuitbreaker.instances.auth0.sliding-window-size=1000",
				"resilience4j.circuitbreaker.instances.auth0.minimum-number-of-calls=1000");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
		for (int i = 0; i < 50; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		}
		// Three attempts each would be 150 requests; the budget allows
		// max(3, 10 % of 50) = 5 retries.
		assertThat(requests()).isEqualTo(55);
	}

	@Test
	void callWhenBackoffWouldOutlastDeadlineShouldNotRetry() {
		protect("resilience4j.retry.instances.auth0.wait-duration=500ms",
				"resilience4j.retry.instances.auth0.exponential-max-wait-duration=500ms");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
		// Without jitter the wait is half of 500 ms: with min-time-for-call, 350 ms.
		assertThat(failure(call(Duration.ofMillis(300))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		assertThat(now()).isZero();
		assertThat(requests()).isEqualTo(1);
		assertThat(retriesCounted()).isZero();
	}

	// Circuit breaker

	@Test
	void breakerShouldOpenAfterFailuresAnswerAtOnceWhileOpenAndCloseAfterHealing() {
		protect("resilience4j.retry.instances.auth0.max-attempts=1",
				"resilience4j.circuitbreaker.instances.auth0.sliding-window-size=4",
				"resilience4j.circuitbreaker.instances.auth0.minimum-number-of-calls=4",
				"resilience4j.circuitbreaker.instances.auth0.wait-duration-in-open-state=30s",
				"resilience4j.circuitbreaker.instances.auth0.permitted-number-of-calls-in-half-open-state=2");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(500)));
		for (int i = 0; i < 4; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.UPSTREAM_ERROR);
		}
		assertThat(this.upstream.parts().circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		for (int i = 0; i < 20; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.CIRCUIT_OPEN);
		}
		assertThat(now()).isZero();
		assertThat(requests()).isEqualTo(4);
		// Still open a moment before the wait is over.
		this.time.advanceTimeBy(Duration.ofSeconds(29));
		assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.CIRCUIT_OPEN);
		wireMock.stubFor(get(PATH).willReturn(ok("healed")));
		this.time.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(result(call(Duration.ofSeconds(3)))).isEqualTo("healed");
		assertThat(this.upstream.parts().circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(result(call(Duration.ofSeconds(3)))).isEqualTo("healed");
		assertThat(this.upstream.parts().circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(requests()).isEqualTo(6);
	}

	@Test
	void breakerShouldCountClientErrorsAsAnswersAndIgnoreRateLimits() {
		protect("resilience4j.retry.instances.auth0.max-attempts=1",
				"resilience4j.circuitbreaker.instances.auth0.minimum-number-of-calls=4",
				"memberships.resilience.rate-limit.initial-backoff=1ms",
				"memberships.resilience.rate-limit.max-wait=1ms", "memberships.resilience.rate-limit.max-retries=0");
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));
		for (int i = 0; i < 8; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.NOT_FOUND);
		}
		wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(429)));
		for (int i = 0; i < 8; i++) {
			assertThat(failure(call(Duration.ofSeconds(3))).reason()).isEqualTo(FailureReason.RATE_LIMITED);
			// The next call finds the gate open again.
			this.time.advanceTimeBy(Duration.ofMillis(1));
		}
		CircuitBreaker breaker = this.upstream.parts().circuitBreaker();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// The 404s are answers; the 429s are not counted at all.
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(8);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(8);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(requests()).isEqualTo(16);
	}

	// Bulkhead

	@Test
	void callsBeyondBulkheadShouldBeRefusedAtOnce() {
		protect("resilience4j.bulkhead.instances.auth0.max-concurrent-calls=2");
		wireMock.stubFor(get(PATH).willReturn(ok("slow").withFixedDelay(500)));
		List<String> outcomes = result(Flux.range(0, 6)
			.flatMap((i) -> call(Duration.ofSeconds(3)).onErrorResume(UpstreamException.class,
					(ex) -> Mono.just(ex.reason().code())), 6)
			.collectList());
		assertThat(outcomes).containsExactlyInAnyOrder("slow", "slow", "bulkhead_full", "bulkhead_full",
				"bulkhead_full", "bulkhead_full");
		assertThat(requests()).isEqualTo(2);
	}

	// Deadline

	@Test
	void callWhenUpstreamHangsShouldCostNoMoreThanTheDeadline() {
		protect();
		wireMock.stubFor(get(PATH).willReturn(ok("late").withFixedDelay(10_000)));
		UpstreamException failure = failure(call(Duration.ofMillis(800)), true);
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		// Cut off just before the deadline, so that the breaker sees it.
		assertThat(now()).isEqualTo(800 - GuardedCall.TIMEOUT_MARGIN.toMillis());
		// No retry: nothing was left of the deadline; and nothing goes out after it.
		this.time.advanceTimeBy(Duration.ofSeconds(5));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> requests() == 1);
	}

	@Test
	void callWithoutDeadlineInContextShouldGetTheDefaultDeadline() {
		protect(Duration.ofMillis(700));
		wireMock.stubFor(get(PATH).willReturn(ok("late").withFixedDelay(10_000)));
		assertThat(failure(call(), true).reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(now()).isEqualTo(700 - GuardedCall.TIMEOUT_MARGIN.toMillis());
	}

	@Test
	void withDeadlineShouldHandOneDeadlineToEveryCallOfAnOperation() {
		protect(Duration.ofSeconds(10));
		wireMock.stubFor(get(PATH).willReturn(ok("slow").withFixedDelay(10_000)));
		// Two calls one after the other under a 600 ms deadline: the first is cut off at
		// it, and the second does not start.
		Mono<String> both = call().onErrorResume((ex) -> Mono.just("cut")).then(call());
		UpstreamException failure = failure(this.upstream.withDeadline(both)
			.contextWrite(Deadline.after(Duration.ofMillis(600), this.clock).asContext()), true);
		assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
		assertThat(now()).isEqualTo(600 - GuardedCall.TIMEOUT_MARGIN.toMillis());
		assertThat(requests()).isEqualTo(1);
	}

	private void protect(String... properties) {
		protect(Duration.ofSeconds(2), properties);
	}

	private void protect(Duration defaultDeadline, String... properties) {
		UpstreamResilienceRegistry registry = TestUpstreams.registry(this.clock, this.time, () -> 0.0, defaultDeadline,
				this.meterRegistry, properties);
		this.upstream = registry.get("auth0");
		this.webClient = UpstreamWebClients.forUpstream(
				UpstreamWebClients.create(WebClient.builder(), wireMock.baseUrl(), Duration.ofSeconds(1), 2_097_152),
				this.upstream);
	}

	/** One call, as a client makes it: errors by status, nothing of the body. */
	private Mono<String> call() {
		return this.upstream.decorate(tracked(this.webClient.get()
			.uri(PATH)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(String.class).defaultIfEmpty("")
					: response.releaseBody()
						.then(Mono.error(UpstreamErrors.forStatus("auth0", response.statusCode(),
								response.headers().asHttpHeaders(), this.clock))))));
	}

	private Mono<String> call(Duration deadline) {
		return call().contextWrite(Deadline.after(deadline, this.clock).asContext());
	}

	/** Counts the attempt as out at the upstream from its start until it is over. */
	private <T> Mono<T> tracked(Mono<T> attempt) {
		return attempt.doOnSubscribe((subscription) -> {
			this.sent.add(now());
			this.inFlight.incrementAndGet();
		}).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

	/** The value, once virtual time has run as far as the call needed. */
	private <T> T result(Mono<T> call) {
		CompletableFuture<T> future = call.toFuture();
		run(future, false);
		return future.join();
	}

	private UpstreamException failure(Mono<?> call) {
		return failure(call, false);
	}

	/**
	 * The failure, once virtual time has run as far as the call needed.
	 * @param hanging whether time may move while calls are out, once they reached the
	 * upstream (they never answer)
	 */
	private UpstreamException failure(Mono<?> call, boolean hanging) {
		CompletableFuture<?> future = call.toFuture();
		run(future, hanging);
		assertThat(future).isCompletedExceptionally();
		Throwable failure = future.handle((value, ex) -> (ex instanceof CompletionException) ? ex.getCause() : ex)
			.join();
		assertThat(failure).as("expected an UpstreamException").isInstanceOf(UpstreamException.class);
		assertThat(((UpstreamException) failure).upstream()).isEqualTo("auth0");
		return (UpstreamException) failure;
	}

	/**
	 * Moves virtual time on, timer by timer, until the call is over; only while no
	 * attempt is out at the upstream (unless they hang), so that no timer fires before an
	 * answer that is on its way.
	 */
	private void run(CompletableFuture<?> call, boolean hanging) {
		while (!call.isDone()) {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(1))
				.until(() -> call.isDone() || ((this.inFlight.get() == 0 || (hanging && requests() >= this.sent.size()))
						&& this.time.hasPendingTasks()));
			if (!call.isDone()) {
				this.time.advanceToNextTask();
			}
		}
	}

	private double retriesCounted() {
		return this.meterRegistry.counter("memberships.upstream.retries", "upstream", "auth0").count();
	}

	private long now() {
		return this.time.now(TimeUnit.MILLISECONDS);
	}

	/** {@code X-RateLimit-Reset} the given seconds after the origin. */
	private static String epochSecondsAt(long seconds) {
		return String.valueOf(ORIGIN.getEpochSecond() + seconds);
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

	private static int requests() {
		return wireMock.countRequestsMatching(getRequestedFor(urlEqualTo(PATH)).build()).getCount();
	}

	/** When each request reached the stub, in real epoch milliseconds, in order. */
	private static List<Long> arrivals() {
		return wireMock.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.map((request) -> request.getLoggedDate().getTime())
			.sorted(Comparator.naturalOrder())
			.toList();
	}

}

package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit gate on virtual time: no test sleeps. The clock is the scheduler's, so
 * {@code X-RateLimit-Reset} and deadlines are judged on the same time line the gate waits
 * on.
 */
class RateLimitGateTests {

	private static final ResilienceProperties.RateLimit DEFAULTS = new ResilienceProperties.RateLimit(0,
			Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(60), 1);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final Clock clock = this.scheduler.clock(Instant.parse("2025-06-01T10:00:00Z"));

	/** Jitter at half its range. */
	private double random = 0.5;

	private RateLimitGate gate = gate(DEFAULTS);

	@Test
	void acquireWhenNothingHeardShouldPassAtOnceWithoutProbe() {
		Result result = acquire(seconds(2));
		assertThat(result.permit()).isNotNull();
		assertThat(result.permit().probe()).isFalse();
	}

	@Test
	void recordWhen429WithRetryAfterShouldCloseForExactlyThatLong() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS,
				headers("Retry-After", "5", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(30))));
		assertThat(this.gate.closedFor()).isEqualTo(seconds(5));
		Result waiting = acquire(seconds(10));
		advance(Duration.ofMillis(4999));
		assertThat(waiting.done()).isFalse();
		advance(Duration.ofMillis(1));
		assertThat(waiting.permit()).isNotNull();
	}

	@Test
	void recordWhen429WithOnlyResetShouldCloseUntilResetPlusJitter() {
		// Reset in 3 s, jitter up to 250 ms: at half its range, 125 ms.
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS,
				headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(3))));
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(3125));
	}

	@Test
	void recordWhen429WithResetShouldSpreadWaitersByJitter() {
		this.random = 0.0;
		RateLimitGate early = gate(DEFAULTS);
		this.random = 0.99;
		RateLimitGate late = gate(DEFAULTS);
		HttpHeaders reset = headers("X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(3)));
		record(early, null, HttpStatus.TOO_MANY_REQUESTS, reset);
		record(late, null, HttpStatus.TOO_MANY_REQUESTS, reset);
		assertThat(early.closedFor()).isEqualTo(seconds(3));
		assertThat(late.closedFor()).isBetween(Duration.ofMillis(3240), Duration.ofMillis(3250));
	}

	@Test
	void recordWhen429WithNeitherShouldBackOffExponentiallyWithJitterUpToMaxWait() {
		this.random = 0.99;
		this.gate = gate(new ResilienceProperties.RateLimit(0, Duration.ZERO, seconds(1), seconds(6), 1));
		// Half of each backoff is fixed, half random: 1 s, 2 s, 4 s, then capped at 6 s.
		long[] expectedMillis = { 995, 1990, 3980, 5970, 5970 };
		for (long expected : expectedMillis) {
			record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, new HttpHeaders());
			assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(expected));
			advance(this.gate.closedFor());
		}
		// An answer that is not a 429 (from the probe) starts the backoff over.
		Result probe = acquire(seconds(2));
		record(this.gate, probe.permit(), HttpStatus.OK, new HttpHeaders());
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, new HttpHeaders());
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(995));
	}

	@Test
	void recordWhen429WithRetryAfterDateShouldCloseUntilThatDate() {
		String inSevenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(this.clock.instant().plusSeconds(7).atZone(ZoneOffset.UTC));
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", inSevenSeconds));
		assertThat(this.gate.closedFor()).isEqualTo(seconds(7));
	}

	@Test
	void retryAfterShouldReadDelaySecondsAndEveryHttpDateFormat() {
		// 2025-06-01T10:00:00Z is the clock's now: each says ten seconds later.
		for (String value : List.of("10", "Sun, 01 Jun 2025 10:00:10 GMT", "Sunday, 01-Jun-25 10:00:10 GMT",
				"Sun Jun  1 10:00:10 2025")) {
			assertThat(RateLimitHeaders.of(headers("Retry-After", value), this.clock).retryAfter()).as(value)
				.contains(seconds(10));
		}
		assertThat(
				RateLimitHeaders.of(headers("Retry-After", "Sun, 01 Jun 2025 09:59:00 GMT"), this.clock).retryAfter())
			.contains(Duration.ZERO);
		assertThat(RateLimitHeaders.of(headers("Retry-After", "soon"), this.clock).retryAfter()).isEmpty();
	}

	@Test
	void recordWhenRetryAfterBeyondMaxWaitShouldCloseForMaxWait() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "3600"));
		assertThat(this.gate.closedFor()).isEqualTo(seconds(60));
	}

	@Test
	void recordWhenRemainingAtFloorOnSuccessShouldHoldNextCallUntilReset() {
		record(this.gate, null, HttpStatus.OK,
				headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(2))));
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(2125));
		Result next = acquire(seconds(5));
		advance(Duration.ofMillis(2124));
		assertThat(next.done()).isFalse();
		advance(Duration.ofMillis(1));
		assertThat(next.permit()).isNotNull();
	}

	@Test
	void recordWhenRemainingAboveFloorShouldLeaveGateOpen() {
		this.gate = gate(new ResilienceProperties.RateLimit(5, Duration.ZERO, seconds(1), seconds(60), 1));
		String reset = String.valueOf(epochSecondsFromNow(2));
		record(this.gate, null, HttpStatus.OK, headers("X-RateLimit-Remaining", "6", "X-RateLimit-Reset", reset));
		assertThat(this.gate.closedFor()).isZero();
		record(this.gate, null, HttpStatus.OK, headers("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", reset));
		assertThat(this.gate.closedFor()).isEqualTo(seconds(2));
	}

	@Test
	void acquireWhenWaitLongerThanDeadlineShouldRefuseAtOnceWithTheWait() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "3"));
		Result refused = acquire(seconds(2));
		assertThat(refused.error()).isInstanceOfSatisfying(UpstreamException.class, (ex) -> {
			assertThat(ex.reason()).isEqualTo(FailureReason.RATE_LIMITED);
			assertThat(ex.statusCode()).isZero();
			assertThat(ex.retryAfter()).contains(seconds(3));
		});
		// Exactly the wait plus the time the call itself needs is still taken.
		assertThat(acquire(seconds(3).plusMillis(100)).done()).isFalse();
	}

	@Test
	void acquireWhenGateReopensShouldLetOneProbeThroughAndHoldTheRestUntilItsAnswer() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result first = acquire(seconds(5));
		Result second = acquire(seconds(5));
		Result third = acquire(seconds(5));
		advance(seconds(1));
		assertThat(first.permit().probe()).isTrue();
		assertThat(second.done()).isFalse();
		assertThat(third.done()).isFalse();
		// The probe's answer opens the gate for everyone.
		advance(Duration.ofMillis(300));
		record(this.gate, first.permit(), HttpStatus.OK, new HttpHeaders());
		assertThat(second.permit().probe()).isFalse();
		assertThat(third.permit().probe()).isFalse();
	}

	@Test
	void acquireWhenProbeIsRateLimitedAgainShouldKeepTheOthersWaiting() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result probe = acquire(seconds(10));
		Result other = acquire(seconds(10));
		advance(seconds(1));
		record(this.gate, probe.permit(), HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "2"));
		advance(Duration.ofMillis(1999));
		assertThat(other.done()).isFalse();
		advance(Duration.ofMillis(1));
		// The waiter is the next probe.
		assertThat(other.permit().probe()).isTrue();
	}

	@Test
	void releaseWhenProbeGotNoAnswerShouldMakeTheNextWaiterTheProbe() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result probe = acquire(seconds(10));
		Result other = acquire(seconds(10));
		advance(seconds(1));
		assertThat(other.done()).isFalse();
		this.gate.release(probe.permit());
		assertThat(other.permit().probe()).isTrue();
	}

	@Test
	void acquireWhileProbeOutShouldWaitNoLongerThanDeadline() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result probe = acquire(seconds(10));
		Result impatient = acquire(Duration.ofMillis(1600));
		advance(seconds(1));
		assertThat(probe.permit().probe()).isTrue();
		advance(Duration.ofMillis(499));
		assertThat(impatient.done()).isFalse();
		// 1.6 s deadline, 100 ms kept for the call: refused at 1.5 s.
		advance(Duration.ofMillis(1));
		assertThat(impatient.error()).isInstanceOfSatisfying(UpstreamException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(FailureReason.RATE_LIMITED));
	}

	@Test
	void recordWhenCallSentBeforeThe429AnswersShouldNotReopenTheGate() {
		Result earlier = acquire(seconds(5));
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "2"));
		record(this.gate, earlier.permit(), HttpStatus.OK, headers("X-RateLimit-Remaining", "10"));
		assertThat(this.gate.closedFor()).isEqualTo(seconds(2));
		advance(seconds(2));
		Result probe = acquire(seconds(5));
		assertThat(probe.permit().probe()).isTrue();
	}

	@Test
	void acquireWhenRemainingIsOneShouldLetOneCallGoThenWaitForTheReset() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result probe = acquire(seconds(10));
		List<Result> waiters = acquire(10, seconds(10));
		advance(seconds(1));
		// Reset in 2 s, jitter at half its range: 2125 ms.
		record(this.gate, probe.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "1", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(2))));
		assertThat(waiters).filteredOn(Result::done).singleElement().satisfies((one) -> {
			assertThat(one.permit()).isNotNull();
			assertThat(one.permit().probe()).isFalse();
		});
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(2125));
		advance(Duration.ofMillis(2124));
		assertThat(waiters).filteredOn(Result::done).hasSize(1);
		// After the reset one call probes again; its answer lets the rest go.
		advance(Duration.ofMillis(1));
		List<Result> probes = waiters.stream().filter((waiter) -> waiter.done() && waiter.permit().probe()).toList();
		assertThat(probes).hasSize(1);
		assertThat(waiters).filteredOn(Result::done).hasSize(2);
		record(this.gate, probes.get(0).permit(), HttpStatus.OK, new HttpHeaders());
		assertThat(waiters).allSatisfy((waiter) -> assertThat(waiter.permit()).isNotNull());
	}

	@Test
	void acquireShouldCountCallsSentAfterTheAnsweredOneAgainstItsBudget() {
		Result first = acquire(seconds(5));
		acquire(seconds(5));
		acquire(seconds(5));
		// Two calls went after the first: its answer's two requests are spent already.
		record(this.gate, first.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "2", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(2))));
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(2125));
		assertThat(acquire(seconds(5)).done()).isFalse();
	}

	@Test
	void recordWhenLaterAnswerSaysMoreAreLeftShouldReplaceTheBudget() {
		String reset = String.valueOf(epochSecondsFromNow(2));
		Result first = acquire(seconds(5));
		record(this.gate, first.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "2", "X-RateLimit-Reset", reset));
		Result second = acquire(seconds(5));
		// Tokens came back: three more, not the one left of the first answer's two.
		record(this.gate, second.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", reset));
		assertThat(acquire(4, seconds(5))).extracting(Result::done).containsExactly(true, true, true, false);
		assertThat(this.gate.closedFor()).isEqualTo(Duration.ofMillis(2125));
	}

	@Test
	void recordWhenAnswerToAnEarlierCallComesLastShouldNotWidenTheBudget() {
		String reset = String.valueOf(epochSecondsFromNow(2));
		Result first = acquire(seconds(5));
		Result second = acquire(seconds(5));
		record(this.gate, second.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "1", "X-RateLimit-Reset", reset));
		// The upstream may have counted the first call before the second.
		record(this.gate, first.permit(), HttpStatus.OK,
				headers("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", reset));
		assertThat(acquire(2, seconds(5))).extracting(Result::done).containsExactly(true, false);
	}

	@Test
	void acquireWhenProbeAnswerHasNoRemainingShouldLetEveryWaiterGo() {
		record(this.gate, null, HttpStatus.TOO_MANY_REQUESTS, headers("Retry-After", "1"));
		Result probe = acquire(seconds(10));
		List<Result> waiters = acquire(10, seconds(10));
		advance(seconds(1));
		record(this.gate, probe.permit(), HttpStatus.OK,
				headers("X-RateLimit-Limit", "2", "X-RateLimit-Reset", String.valueOf(epochSecondsFromNow(2))));
		assertThat(waiters).allSatisfy((waiter) -> assertThat(waiter.permit()).isNotNull());
		assertThat(this.gate.closedFor()).isZero();
	}

	/** Shows the gate an answer, as the upstream's filter does. */
	private void record(RateLimitGate gate, RateLimitState.Permit permit, HttpStatusCode status, HttpHeaders headers) {
		gate.record(Optional.ofNullable(permit), status, RateLimitHeaders.of(headers, this.clock));
	}

	private RateLimitGate gate(ResilienceProperties.RateLimit policy) {
		double fixed = this.random;
		return new RateLimitGate("auth0", policy, Duration.ofMillis(100), this.clock, this.scheduler, () -> fixed);
	}

	private Result acquire(Duration deadline) {
		Result result = new Result();
		this.gate.acquire(Deadline.after(deadline, this.clock))
			.subscribe(result.permit::set, result.error::set, () -> result.completed = true);
		return result;
	}

	private List<Result> acquire(int calls, Duration deadline) {
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			results.add(acquire(deadline));
		}
		return results;
	}

	private void advance(Duration duration) {
		this.scheduler.advanceTimeBy(duration);
	}

	private long epochSecondsFromNow(long seconds) {
		return this.clock.instant().plusSeconds(seconds).getEpochSecond();
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

	private static HttpHeaders headers(String... namesAndValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}

	/** What one {@code acquire} gave so far. */
	private static final class Result {

		private final AtomicReference<RateLimitState.Permit> permit = new AtomicReference<>();

		private final AtomicReference<Throwable> error = new AtomicReference<>();

		private volatile boolean completed;

		boolean done() {
			return this.permit.get() != null || this.error.get() != null || this.completed;
		}

		RateLimitState.Permit permit() {
			return this.permit.get();
		}

		Throwable error() {
			return this.error.get();
		}

	}

}

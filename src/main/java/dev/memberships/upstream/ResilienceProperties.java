package dev.memberships.upstream;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What protects every upstream beyond Resilience4j's retry, circuit breaker and bulkhead
 * (those are configured under {@code resilience4j.*}, one instance per upstream): the
 * parts Resilience4j has no notion of. See {@code docs/resilience.md}.
 *
 * @param minTimeForCall no call, retry or wait at the rate-limit gate is started unless
 * at least this much of the request's deadline is left for the call itself
 * @param retryBudget how many retries an upstream may get, relative to its calls
 * @param rateLimit how an upstream's rate-limit answers are obeyed
 * @param tokenFailureBackoff how long a token endpoint is left alone after failed fetches
 */
@Validated
@ConfigurationProperties("memberships.resilience")
record ResilienceProperties(@DefaultValue("100ms") @NotNull @DurationMin(millis = 0) Duration minTimeForCall,
		@DefaultValue @Valid @NotNull RetryBudget retryBudget, @DefaultValue @Valid @NotNull RateLimit rateLimit,
		@DefaultValue @Valid @NotNull FailureBackoff tokenFailureBackoff) {

	/**
	 * Retries allowed over a sliding window: at most
	 * {@code max(minRetries, ratio * calls)}, where calls counts first attempts only.
	 *
	 * @param ratio retries per call, 0 to 1
	 * @param minRetries retries allowed in any window however few the calls, so that a
	 * quiet service still retries a rare blip
	 * @param window the sliding window
	 */
	public record RetryBudget(@DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double ratio,
			@DefaultValue("3") @Min(0) int minRetries,
			@DefaultValue("10s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration window) {

	}

	/**
	 * How a 429 and the {@code X-RateLimit-*} headers close the upstream's gate. After a
	 * 429 the gate stays closed for {@code Retry-After}, else until
	 * {@code X-RateLimit-Reset} plus up to {@code resetJitter}, else for an exponential
	 * backoff from {@code initialBackoff} (doubling, randomized by half); never longer
	 * than {@code maxWait}.
	 *
	 * @param remainingFloor requests kept back from an answer's
	 * {@code X-RateLimit-Remaining}: after it, at most that less this many calls go
	 * before {@code X-RateLimit-Reset}
	 * @param resetJitter the most added at random to a wait until
	 * {@code X-RateLimit-Reset}, so that waiting callers do not all return at once
	 * @param initialBackoff the wait after a first 429 that says nothing of when to come
	 * back
	 * @param maxWait the longest the gate stays closed, whatever the upstream says
	 * @param maxRetries times a call that got a 429 waits for the gate and tries again,
	 * when its deadline allows
	 */
	public record RateLimit(@DefaultValue("0") @Min(0) int remainingFloor,
			@DefaultValue("250ms") @NotNull @DurationMin(millis = 0) Duration resetJitter,
			@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
			@DefaultValue("60s") @NotNull @DurationMin(millis = 1) Duration maxWait,
			@DefaultValue("1") @Min(0) @Max(5) int maxRetries) {

	}

	/**
	 * After a failed token fetch, further fetches fail at once for
	 * {@code min(max, initial * multiplier^(failures-1))}, randomized by half.
	 *
	 * @param initial the backoff after the first failure
	 * @param multiplier how much it grows with each failure in a row
	 * @param max the longest backoff
	 */
	public record FailureBackoff(@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") @DecimalMax("10.0") double multiplier,
			@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration max) {

	}

}

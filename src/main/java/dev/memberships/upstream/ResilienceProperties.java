package dev.memberships.upstream;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * How each upstream is protected, one block per upstream under
 * {@code memberships.resilience}. Every value has a default; {@code application.yml}
 * spells them out. See {@code docs/resilience.md}.
 *
 * @param auth0 the Auth0 Management API
 * @param auth0Token Auth0's token endpoint
 * @param enosStructures EnOS users' organization structures
 * @param enosGroups EnOS users' user groups
 * @param enosToken the EnOS APIM token service
 */
@Validated
@ConfigurationProperties("memberships.resilience")
public record ResilienceProperties(@DefaultValue @Valid @NotNull Upstream auth0,
		@DefaultValue @Valid @NotNull TokenEndpoint auth0Token, @DefaultValue @Valid @NotNull Upstream enosStructures,
		@DefaultValue @Valid @NotNull Upstream enosGroups, @DefaultValue @Valid @NotNull TokenEndpoint enosToken) {

	/** The prefix of these properties. */
	public static final String PREFIX = "memberships.resilience";

	/** Every setting at its default. */
	public static ResilienceProperties defaults() {
		return bind(Map.of());
	}

	/**
	 * The settings bound from the given properties, full names such as
	 * {@code memberships.resilience.auth0.retry.max-attempts}; the rest at their
	 * defaults.
	 */
	public static ResilienceProperties bind(Map<String, ?> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(PREFIX,
				ResilienceProperties.class);
	}

	/**
	 * The policy of the upstream with the given name.
	 * @param name {@code auth0}, {@code auth0-token}, {@code enos-structures},
	 * {@code enos-groups} or {@code enos-token}
	 * @return its policy
	 */
	public Upstream policy(String name) {
		return switch (name) {
			case "auth0" -> this.auth0;
			case "auth0-token" -> this.auth0Token.asUpstream();
			case "enos-structures" -> this.enosStructures;
			case "enos-groups" -> this.enosGroups;
			case "enos-token" -> this.enosToken.asUpstream();
			default -> throw new IllegalArgumentException("No resilience policy for upstream '" + name + "'");
		};
	}

	/**
	 * The failure backoff of a token endpoint, or {@code null} for an API upstream.
	 */
	public FailureBackoff failureBackoff(String name) {
		return switch (name) {
			case "auth0-token" -> this.auth0Token.failureBackoff();
			case "enos-token" -> this.enosToken.failureBackoff();
			default -> null;
		};
	}

	/**
	 * The policy of an API upstream.
	 *
	 * @param minTimeForCall no call, retry or wait at the rate-limit gate is started
	 * unless at least this much of the request's deadline is left for the call itself
	 * @param retry retries of connect errors, timeouts and 5xx
	 * @param retryBudget how many retries the upstream may get, relative to calls
	 * @param circuitBreaker when to stop asking an upstream that keeps failing
	 * @param bulkhead how many calls may be in flight at once
	 * @param rateLimit how the upstream's rate-limit answers are obeyed
	 */
	public record Upstream(@DefaultValue("100ms") @NotNull @DurationMin(millis = 0) Duration minTimeForCall,
			@DefaultValue @Valid @NotNull Retry retry, @DefaultValue @Valid @NotNull RetryBudget retryBudget,
			@DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker,
			@DefaultValue @Valid @NotNull Bulkhead bulkhead, @DefaultValue @Valid @NotNull RateLimit rateLimit) {

	}

	/**
	 * The policy of a token endpoint: an API upstream's, plus a backoff after failed
	 * fetches.
	 *
	 * @param minTimeForCall as for an API upstream
	 * @param retry as for an API upstream
	 * @param retryBudget as for an API upstream
	 * @param circuitBreaker as for an API upstream
	 * @param bulkhead as for an API upstream
	 * @param rateLimit as for an API upstream
	 * @param failureBackoff after a failed fetch, further fetches fail at once for a
	 * while, growing with each failure, so that nobody hammers the token endpoint
	 */
	public record TokenEndpoint(@DefaultValue("100ms") @NotNull @DurationMin(millis = 0) Duration minTimeForCall,
			@DefaultValue @Valid @NotNull Retry retry, @DefaultValue @Valid @NotNull RetryBudget retryBudget,
			@DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker,
			@DefaultValue @Valid @NotNull Bulkhead bulkhead, @DefaultValue @Valid @NotNull RateLimit rateLimit,
			@DefaultValue @Valid @NotNull FailureBackoff failureBackoff) {

		/** The part of the policy every upstream has. */
		public Upstream asUpstream() {
			return new Upstream(this.minTimeForCall, this.retry, this.retryBudget, this.circuitBreaker, this.bulkhead,
					this.rateLimit);
		}

	}

	/**
	 * Retries of connect errors, timeouts and 5xx; never of other 4xx, nor of 429 (the
	 * rate-limit gate waits for those). The wait before retry {@code n} is
	 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, shortened by up to
	 * {@code jitter} of itself at random.
	 *
	 * @param maxAttempts attempts in all, the first included; 1 turns retries off
	 * @param initialBackoff the wait before the first retry
	 * @param multiplier how much each wait grows over the one before
	 * @param maxBackoff the longest wait
	 * @param jitter the share of a wait that is random, 0 to 1
	 */
	public record Retry(@DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
			@DefaultValue("100ms") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
			@DefaultValue("2") @DecimalMin("1.0") @DecimalMax("10.0") double multiplier,
			@DefaultValue("400ms") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
			@DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter) {

	}

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
	 * A Resilience4j circuit breaker. Only connect errors, timeouts, 5xx and unreadable
	 * answers count as failures; other 4xx count as successes, 429 not at all.
	 *
	 * @param slidingWindowType {@code count-based} (the last n calls) or
	 * {@code time-based} (the calls of the last n seconds)
	 * @param slidingWindowSize n
	 * @param minimumNumberOfCalls calls the window must hold before rates are judged
	 * @param failureRateThreshold percent of failures that opens the breaker
	 * @param slowCallDurationThreshold a call taking longer is slow
	 * @param slowCallRateThreshold percent of slow calls that opens the breaker
	 * @param waitDurationInOpenState how long an open breaker answers without asking
	 * @param permittedCallsInHalfOpenState trial calls let through once that time is up;
	 * their outcome closes or reopens it
	 */
	public record CircuitBreaker(@DefaultValue("count-based") @NotNull SlidingWindowType slidingWindowType,
			@DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("10") @Min(1) int minimumNumberOfCalls,
			@DefaultValue("50") @DecimalMin("1.0") @DecimalMax("100.0") float failureRateThreshold,
			@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration slowCallDurationThreshold,
			@DefaultValue("80") @DecimalMin("1.0") @DecimalMax("100.0") float slowCallRateThreshold,
			@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration waitDurationInOpenState,
			@DefaultValue("3") @Min(1) int permittedCallsInHalfOpenState) {

	}

	/**
	 * A Resilience4j semaphore bulkhead; a call beyond the limit is refused at once.
	 *
	 * @param maxConcurrentCalls calls in flight at once to the upstream from this
	 * instance
	 */
	public record Bulkhead(@DefaultValue("64") @Min(1) int maxConcurrentCalls) {

	}

	/**
	 * How a 429 and the {@code X-RateLimit-*} headers close the upstream's gate. After a
	 * 429 the gate stays closed for {@code Retry-After}, else until
	 * {@code X-RateLimit-Reset} plus up to {@code resetJitter}, else for an exponential
	 * backoff from {@code initialBackoff} (doubling, half of it random); never longer
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
	 * {@code min(max, initial * multiplier^(failures-1))}, up to half of it random.
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

package dev.memberships.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The limit of API requests in progress at once: one more is answered {@code 503} at
 * once, with {@code Retry-After}, instead of queueing behind the others for the CPU.
 *
 * @param maxConcurrentRequests API requests in progress at once; {@code 0} turns the
 * limit off. The default is sized from the benchmark, see {@code docs/performance.md}
 * @param retryAfter what a refused request's {@code Retry-After} says, in whole seconds
 * (rounded up)
 */
@Validated
@ConfigurationProperties("memberships.overload")
record OverloadProperties(@DefaultValue("512") @Min(0) int maxConcurrentRequests,
		@DefaultValue("1s") @NotNull @DurationMin(seconds = 1) Duration retryAfter) {

	/** Whether there is a limit at all. */
	boolean enabled() {
		return this.maxConcurrentRequests > 0;
	}

	/** {@link #retryAfter()} as the header says it: whole seconds, rounded up. */
	long retryAfterSeconds() {
		return this.retryAfter.plusNanos(999_999_999).toSeconds();
	}

}

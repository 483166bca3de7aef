package dev.memberships.warmup;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a new pod warms up before it reports ready.
 *
 * @param enabled whether readiness waits for the warm-up at all
 * @param timeout the most the whole warm-up may take; past it the pod reports ready
 * whatever is left undone
 * @param stepTimeout the most one step (a token, the issuer's keys, Redis) may take
 * @param requests internal requests answered through the whole stack against the loopback
 * upstreams, so that the request path is loaded and compiled; {@code 0} skips them
 * @param exitWhenDone closes the application once warm, instead of serving: the AOT
 * cache's training run (Dockerfile), so that the cache holds the classes and method
 * profiles of the request path, not only those of start-up
 */
@Validated
@ConfigurationProperties("memberships.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("20s") @NotNull @DurationMin(millis = 1) Duration timeout,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration stepTimeout,
		@DefaultValue("64") @Min(0) int requests, @DefaultValue("false") boolean exitWhenDone) {

}

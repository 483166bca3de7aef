package dev.memberships.upstream;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code memberships.deadline}, bound here and nowhere else: the endpoints start each
 * request's {@link Deadline} from it, and an upstream call whose context brings none gets
 * it from the moment it is subscribed to (the one fallback, in
 * {@link UpstreamResilience}).
 *
 * @param deadline the most a request may take, all upstream calls included; a source not
 * answered by then is served stale or reported {@code UNAVAILABLE} with reason
 * {@code timeout}
 */
@Validated
@ConfigurationProperties("memberships")
public record DeadlineProperties(@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration deadline) {

}

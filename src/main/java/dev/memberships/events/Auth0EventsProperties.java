package dev.memberships.events;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Auth0 Event Streams webhook, {@code POST /events/auth0}: there only when a token is
 * set.
 *
 * @param token the static credentials Auth0 may send as {@code Authorization: Bearer
 * <token>} (the stream's {@code webhook_authorization}), comma-separated: any one is
 * accepted, so that a rotation adds the new token, switches the stream, then drops the
 * old one, without a window of {@code 401}. Each at least 32 characters of the RFC 6750
 * token alphabet (which has no comma), e.g. {@code openssl rand -base64 48}. Unset: no
 * endpoint
 * @param maxBodySize the largest event body; a larger one is answered {@code 413}
 * @param duplicateWindow how long an event id is remembered so that a redelivery is
 * dropped
 * @param duplicateIds how many event ids are remembered at most
 * @param evictionRate how many user events a second may evict a user's organizations;
 * past it (and {@code evictionBurst}) they make them stale instead, so that a flood of
 * events cannot leave many users with no copy to serve while Auth0 is asked again
 * @param evictionBurst how many such evictions may come at once
 */
@Validated
@ConfigurationProperties("memberships.events.auth0")
public record Auth0EventsProperties(
		@Nullable @Size(min = 1, max = 8) List<@NotNull @Pattern(regexp = "[A-Za-z0-9\\-._~+/]{32,}=*",
				message = "must be at least 32 characters of A-Z, a-z, 0-9, -._~+/ (then = padding)") String> token,
		@DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue("24h") @NotNull @DurationMin(seconds = 1) Duration duplicateWindow,
		@DefaultValue("50000") @Min(1) @Max(10_000_000) long duplicateIds,
		@DefaultValue("10") @DecimalMin("0.01") double evictionRate, @DefaultValue("100") @Min(1) int evictionBurst) {

	/** The property whose presence switches the endpoint on. */
	public static final String TOKEN = "memberships.events.auth0.token";

}

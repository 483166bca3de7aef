package dev.memberships.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which browser origins may call the API (CORS). None by default: then no answer carries
 * a CORS header.
 *
 * @param allowedOrigins exact origins, e.g. {@code https://app.example.com}: scheme, host
 * and optional port, no path, no wildcard
 * @param maxAge how long a browser may keep a preflight's answer
 */
@Validated
@ConfigurationProperties("memberships.cors")
record CorsProperties(List<@NotNull @Pattern(regexp = ORIGIN, message = ORIGIN_MESSAGE) String> allowedOrigins,
		@DefaultValue("30m") @NotNull @DurationMin(seconds = 0) Duration maxAge) {

	static final String ORIGIN = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?";

	static final String ORIGIN_MESSAGE = "must be an exact origin such as https://app.example.com "
			+ "(scheme, host, optional port; no path, no wildcard)";

	public CorsProperties {
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
	}

}

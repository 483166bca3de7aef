package dev.memberships.upstream;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What an answer says about the upstream's rate limit, the one place these headers are
 * read: {@code Retry-After} (seconds), {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (epoch seconds). Unreadable values count as absent.
 *
 * @param retryAfter how long the upstream asked us to wait
 * @param remaining requests left in the upstream's current window
 * @param reset when the upstream adds requests back
 */
record RateLimitHeaders(Optional<Duration> retryAfter, OptionalLong remaining, Optional<Instant> reset) {

	static final String REMAINING = "X-RateLimit-Remaining";

	static final String RESET = "X-RateLimit-Reset";

	static RateLimitHeaders of(HttpHeaders headers) {
		OptionalLong retryAfter = parse(headers.getFirst(HttpHeaders.RETRY_AFTER));
		OptionalLong reset = parse(headers.getFirst(RESET));
		return new RateLimitHeaders(
				retryAfter.isPresent() ? Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.getAsLong())))
						: Optional.empty(),
				parse(headers.getFirst(REMAINING)),
				reset.isPresent() ? epochSeconds(reset.getAsLong()) : Optional.empty());
	}

	private static Optional<Instant> epochSeconds(long value) {
		try {
			return Optional.of(Instant.ofEpochSecond(value));
		}
		catch (DateTimeException ex) {
			return Optional.empty();
		}
	}

	private static OptionalLong parse(@Nullable String value) {
		if (value == null) {
			return OptionalLong.empty();
		}
		try {
			return OptionalLong.of(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

}

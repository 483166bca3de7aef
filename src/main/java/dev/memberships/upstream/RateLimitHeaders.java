package dev.memberships.upstream;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What an answer says about the upstream's rate limit, the one place these headers are
 * read: {@code Retry-After} (seconds, or an HTTP date as RFC 9110 allows),
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (epoch seconds). Unreadable
 * values count as absent.
 *
 * @param retryAfter how long the upstream asked us to wait
 * @param remaining requests left in the upstream's current window
 * @param reset when the upstream adds requests back
 */
record RateLimitHeaders(Optional<Duration> retryAfter, OptionalLong remaining, Optional<Instant> reset) {

	static final String REMAINING = "X-RateLimit-Remaining";

	static final String RESET = "X-RateLimit-Reset";

	/** IMF-fixdate, the obsolete RFC 850 format and asctime's, all in GMT. */
	private static final List<DateTimeFormatter> HTTP_DATES = List.of(DateTimeFormatter.RFC_1123_DATE_TIME,
			DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
			DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

	/**
	 * What the headers say.
	 * @param headers an answer's headers
	 * @param clock the clock a {@code Retry-After} date is read by
	 * @return what they say of the rate limit
	 */
	static RateLimitHeaders of(HttpHeaders headers, Clock clock) {
		OptionalLong reset = parse(headers.getFirst(RESET));
		return new RateLimitHeaders(retryAfter(headers, clock), parse(headers.getFirst(REMAINING)),
				reset.isPresent() ? epochSeconds(reset.getAsLong()) : Optional.empty());
	}

	/**
	 * {@code Retry-After} as delta-seconds or as an HTTP date (RFC 9110, section 10.2.3);
	 * a date in the past is no wait.
	 */
	private static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		OptionalLong seconds = parse(value);
		if (seconds.isPresent()) {
			return Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong())));
		}
		return httpDate(value).map((date) -> Duration.between(clock.instant(), date))
			.map((wait) -> wait.isNegative() ? Duration.ZERO : wait);
	}

	/**
	 * An HTTP date in any of the three formats RFC 9110 says a recipient must read.
	 * Written out rather than {@link HttpHeaders#getFirstZonedDateTime}, whose asctime
	 * format does not take the space-padded day ({@code Jun  1}) asctime writes.
	 */
	private static Optional<Instant> httpDate(@Nullable String value) {
		if (value == null) {
			return Optional.empty();
		}
		for (DateTimeFormatter format : HTTP_DATES) {
			try {
				return Optional.of(ZonedDateTime.parse(value.trim(), format).toInstant());
			}
			catch (DateTimeParseException ex) {
				// Not this format: the next one.
			}
		}
		return Optional.empty();
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

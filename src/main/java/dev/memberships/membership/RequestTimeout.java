package dev.memberships.membership;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a caller may ask of a request through its headers: a shorter deadline with
 * {@code Request-Timeout} ({@code 500ms}, {@code 1.5s} or a bare number of milliseconds;
 * never longer than the configured one), and fresh data with
 * {@code Cache-Control: no-cache}.
 */
final class RequestTimeout {

	static final String HEADER = "Request-Timeout";

	/**
	 * What {@link #VALUE} accepts, around the blanks it trims, for the API description.
	 */
	static final String PATTERN = "^\\s*\\d{1,9}(\\.\\d{1,3})?\\s*(ms|s)?\\s*$";

	private static final Pattern VALUE = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)\\s*(ms|s)?");

	private RequestTimeout() {
	}

	/** Whether a {@code Cache-Control} header asks for fresh data. */
	static boolean noCache(@Nullable String cacheControl) {
		return cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-cache");
	}

	/**
	 * The deadline for a request.
	 * @param header the header's value, or {@code null} when absent
	 * @param configured the configured deadline, the longest allowed
	 * @throws InvalidParameterException when the header is not a positive duration
	 */
	static Duration deadline(@Nullable String header, Duration configured) {
		if (header == null) {
			return configured;
		}
		Matcher matcher = VALUE.matcher(header.trim());
		if (!matcher.matches()) {
			throw new InvalidParameterException(HEADER, "must be a duration such as 500ms or 1.5s");
		}
		double amount = Double.parseDouble(matcher.group(1));
		long millis = Math.round("s".equals(matcher.group(2)) ? amount * 1000 : amount);
		if (millis <= 0) {
			throw new InvalidParameterException(HEADER, "must be positive");
		}
		Duration requested = Duration.ofMillis(millis);
		return (requested.compareTo(configured) < 0) ? requested : configured;
	}

}

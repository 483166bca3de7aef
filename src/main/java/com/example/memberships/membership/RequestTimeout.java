package com.example.memberships.membership;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Request-Timeout} header, through which a caller may shorten the deadline:
 * {@code 500ms}, {@code 1.5s} or a bare number of milliseconds. It never lengthens the
 * configured deadline.
 */
final class RequestTimeout {

	static final String HEADER = "Request-Timeout";

	private static final Pattern VALUE = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)\\s*(ms|s)?");

	private RequestTimeout() {
	}

	/**
	 * The deadline for a request.
	 * @param header the header's value, or {@code null} when absent
	 * @param configured the configured deadline, the longest allowed
	 * @throws InvalidParameterException when the header is not a positive duration
	 */
	static Duration deadline(String header, Duration configured) {
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

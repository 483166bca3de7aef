package dev.memberships.membership;

import java.time.Duration;
import java.util.Map;

import dev.memberships.config.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * No source could answer at all: 503, with a {@code Retry-After} when an upstream named
 * one.
 */
class SourcesUnavailableException extends ProblemException {

	private final Memberships.Sources sources;

	private final Duration retryAfter;

	SourcesUnavailableException(Memberships.Sources sources, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "sources-unavailable", "Sources unavailable",
				"No source could be reached; try again later.");
		this.sources = sources;
		this.retryAfter = retryAfter;
	}

	Memberships.Sources sources() {
		return this.sources;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("sources", this.sources);
	}

	@Override
	public Map<String, String> headers() {
		return (this.retryAfter != null)
				? Map.of("Retry-After", Long.toString(Math.max(1, this.retryAfter.plusMillis(999).toSeconds())))
				: Map.of();
	}

}

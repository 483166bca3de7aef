package dev.memberships.membership;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.memberships.web.ProblemException;
import dev.memberships.web.ProblemType;

import org.springframework.http.HttpHeaders;

/**
 * No source could answer at all: 503, with a {@code Retry-After} when an upstream named
 * one.
 */
class SourcesUnavailableException extends ProblemException {

	private final Memberships.Sources sources;

	SourcesUnavailableException(Memberships.Sources sources, Optional<Duration> retryAfter) {
		super(ProblemType.SOURCES_UNAVAILABLE, "No source could be reached; try again later.",
				Map.of("sources", sources));
		this.sources = sources;
		retryAfter.ifPresent((wait) -> getHeaders().set(HttpHeaders.RETRY_AFTER,
				Long.toString(Math.max(1, wait.plusMillis(999).toSeconds()))));
	}

	Memberships.Sources sources() {
		return this.sources;
	}

}

package dev.memberships.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * An upstream call that gave no usable answer, translated into our own terms. The message
 * names the upstream, the reason and the HTTP status only: upstream bodies and tokens
 * never end up in it, so it is safe to log.
 */
public class UpstreamException extends RuntimeException {

	private final String upstream;

	private final FailureReason reason;

	private final int statusCode;

	private final Duration retryAfter;

	public UpstreamException(String upstream, FailureReason reason, int statusCode, Duration retryAfter) {
		// No stack trace: these are expected outcomes, counted and reported, not bugs.
		super(upstream + ": " + reason.code() + ((statusCode > 0) ? " (HTTP " + statusCode + ")" : ""), null, false,
				false);
		this.upstream = upstream;
		this.reason = reason;
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
	}

	public UpstreamException(String upstream, FailureReason reason, int statusCode) {
		this(upstream, reason, statusCode, null);
	}

	public UpstreamException(String upstream, FailureReason reason) {
		this(upstream, reason, 0, null);
	}

	public String upstream() {
		return this.upstream;
	}

	public FailureReason reason() {
		return this.reason;
	}

	/** The upstream's HTTP status, or 0 when there was no answer. */
	public int statusCode() {
		return this.statusCode;
	}

	/** How long the upstream asked us to wait, when it said. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}

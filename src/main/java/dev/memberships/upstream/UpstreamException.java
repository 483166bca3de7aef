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

	private final Optional<Duration> retryAfter;

	/**
	 * A failure.
	 * @param upstream the upstream's name
	 * @param reason why there is no answer
	 * @param statusCode the upstream's HTTP status, 0 when there was no answer
	 * @param retryAfter how long the upstream asked us to wait, when it said
	 */
	public UpstreamException(String upstream, FailureReason reason, int statusCode, Optional<Duration> retryAfter) {
		// No stack trace: these are expected outcomes, counted and reported, not bugs.
		super(upstream + ": " + reason.code() + ((statusCode > 0) ? " (HTTP " + statusCode + ")" : ""), null, false,
				false);
		this.upstream = upstream;
		this.reason = reason;
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
	}

	public UpstreamException(String upstream, FailureReason reason, int statusCode, Duration retryAfter) {
		this(upstream, reason, statusCode, Optional.of(retryAfter));
	}

	public UpstreamException(String upstream, FailureReason reason, int statusCode) {
		this(upstream, reason, statusCode, Optional.empty());
	}

	public UpstreamException(String upstream, FailureReason reason) {
		this(upstream, reason, 0, Optional.empty());
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
		return this.retryAfter;
	}

}

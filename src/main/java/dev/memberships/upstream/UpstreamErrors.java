package dev.memberships.upstream;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import tools.jackson.core.JacksonException;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.UnsupportedMediaTypeException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Translates what can go wrong on the wire into {@link UpstreamException}s, so that every
 * client reports failures the same way and nothing of an upstream's body leaks.
 */
public final class UpstreamErrors {

	private UpstreamErrors() {
	}

	/** The failure an HTTP status stands for, with the upstream's {@code Retry-After}. */
	public static UpstreamException forStatus(String upstream, HttpStatusCode status, HttpHeaders headers) {
		FailureReason reason = switch (status.value()) {
			case 400 -> FailureReason.REJECTED;
			case 401 -> FailureReason.AUTH_FAILED;
			case 403 -> FailureReason.FORBIDDEN;
			case 404 -> FailureReason.NOT_FOUND;
			case 408 -> FailureReason.TIMEOUT;
			case 429 -> FailureReason.RATE_LIMITED;
			default -> status.is5xxServerError() ? FailureReason.UPSTREAM_ERROR : FailureReason.BAD_RESPONSE;
		};
		return new UpstreamException(upstream, reason, status.value(), retryAfter(headers));
	}

	/** Any error from a call, as an {@link UpstreamException}. */
	public static UpstreamException translate(String upstream, Throwable error) {
		if (error instanceof UpstreamException upstreamException) {
			return upstreamException;
		}
		if (isTimeout(error)) {
			return new UpstreamException(upstream, FailureReason.TIMEOUT);
		}
		if (error instanceof WebClientRequestException) {
			return new UpstreamException(upstream, FailureReason.UPSTREAM_ERROR);
		}
		// An HTML error page served with 200 has no decoder: unreadable, not an outage.
		if (error instanceof CodecException || error instanceof DataBufferLimitException
				|| error instanceof JacksonException || error instanceof IllegalStateException
				|| error instanceof UnsupportedMediaTypeException) {
			return new UpstreamException(upstream, FailureReason.BAD_RESPONSE);
		}
		return new UpstreamException(upstream, FailureReason.UPSTREAM_ERROR);
	}

	private static boolean isTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/** The {@code Retry-After} header in seconds, when present and readable. */
	static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}

package dev.memberships.upstream;

import java.time.Clock;
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
 * client reports failures the same way and nothing of an upstream's body leaks. Applied
 * once, at the client edge: to each upstream call by {@link UpstreamResilience}, and to
 * the answers the clients read.
 */
public final class UpstreamErrors {

	private UpstreamErrors() {
	}

	/**
	 * The failure an HTTP status stands for, with how long the upstream asked us to wait
	 * ({@code Retry-After}). A 429's wait is replaced by the rate-limit gate's, which
	 * {@link UpstreamResilience} tells the caller: the one computation of it.
	 * @param upstream the name the failure is reported under
	 * @param status the answer's status
	 * @param headers the answer's headers
	 * @param clock the clock a {@code Retry-After} date is read by
	 * @return the failure
	 */
	public static UpstreamException forStatus(String upstream, HttpStatusCode status, HttpHeaders headers,
			Clock clock) {
		if (status.value() == 401) {
			// The credential we sent: a new token may succeed.
			return new TokenRefusedException(upstream, 401);
		}
		FailureReason reason = switch (status.value()) {
			case 400 -> FailureReason.REJECTED;
			case 403 -> FailureReason.FORBIDDEN;
			case 404 -> FailureReason.NOT_FOUND;
			case 408 -> FailureReason.TIMEOUT;
			case 429 -> FailureReason.RATE_LIMITED;
			default -> status.is5xxServerError() ? FailureReason.UPSTREAM_ERROR : FailureReason.BAD_RESPONSE;
		};
		return new UpstreamException(upstream, reason, status.value(),
				RateLimitHeaders.of(headers, clock).retryAfter());
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

}

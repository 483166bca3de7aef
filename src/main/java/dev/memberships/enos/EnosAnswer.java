package dev.memberships.enos;

import java.time.Clock;
import java.util.function.Consumer;

import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamErrors;
import dev.memberships.upstream.UpstreamException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One answer of the EnOS gateway, error statuses included: EnOS may report a failure
 * either with HTTP 200 and a code in the body or with an HTTP error carrying the same
 * body, so both are read the same way. The body only ever leaves this record as the data
 * of a success; failures carry numbers only.
 *
 * @param status the HTTP status
 * @param headers the HTTP headers
 * @param body the body as JSON, or {@code null} when it is not JSON (an HTML error page,
 * a truncated answer, nothing)
 */
record EnosAnswer(HttpStatusCode status, HttpHeaders headers, @Nullable JsonNode body) {

	/** The gateway's "token expired": a new token may succeed where this one failed. */
	static final int TOKEN_EXPIRED = 1203;

	/**
	 * POSTs exactly the given JSON bytes, so that what was signed is what is sent, and
	 * reads whatever comes back without turning error statuses into exceptions.
	 */
	static Mono<EnosAnswer> post(WebClient webClient, String path, byte[] json, Consumer<HttpHeaders> headers,
			JsonMapper jsonMapper) {
		return webClient.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.headers(headers)
			.bodyValue(json)
			.exchangeToMono((response) -> read(response, jsonMapper));
	}

	private static Mono<EnosAnswer> read(ClientResponse response, JsonMapper jsonMapper) {
		return response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.map((bytes) -> new EnosAnswer(response.statusCode(), response.headers().asHttpHeaders(),
					parse(jsonMapper, bytes)));
	}

	private static @Nullable JsonNode parse(JsonMapper jsonMapper, byte[] bytes) {
		try {
			JsonNode node = jsonMapper.readTree(bytes);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The envelope's numeric {@code code}, or {@code null} when there is none. */
	@Nullable Integer code() {
		JsonNode code = (this.body != null) ? this.body.path("code") : null;
		return (code != null && code.isIntegralNumber() && code.canConvertToInt()) ? code.intValue() : null;
	}

	/** Whether the gateway refused the token itself, so that a new token may succeed. */
	boolean tokenRejected() {
		if (this.status.value() == 429) {
			// Slowing down is what was asked: another call, even with a new token, is
			// not.
			return false;
		}
		Integer code = code();
		return this.status.value() == 401 || (code != null && code == TOKEN_EXPIRED);
	}

	/**
	 * The envelope's {@code data} when the call succeeded.
	 * @param upstream the name failures are reported under
	 * @param clock the clock {@code X-RateLimit-Reset} is read by
	 * @return the data, a JSON object
	 * @throws UpstreamException the failure the answer stands for
	 */
	JsonNode dataOrThrow(String upstream, Clock clock) {
		// A rate limit is about the status and its Retry-After, whatever the body says.
		if (this.status.value() == 429) {
			throw UpstreamErrors.forStatus(upstream, this.status, this.headers, clock);
		}
		Integer code = code();
		if (code == null || this.body == null) {
			throw this.status.is2xxSuccessful() ? failure(upstream, FailureReason.BAD_RESPONSE)
					: UpstreamErrors.forStatus(upstream, this.status, this.headers, clock);
		}
		if (code != 0) {
			throw failure(upstream, reasonFor(code));
		}
		if (!this.status.is2xxSuccessful()) {
			throw UpstreamErrors.forStatus(upstream, this.status, this.headers, clock);
		}
		JsonNode data = this.body.path("data");
		if (!data.isObject()) {
			throw failure(upstream, FailureReason.BAD_RESPONSE);
		}
		return data;
	}

	private UpstreamException failure(String upstream, FailureReason reason) {
		return new UpstreamException(upstream, reason, this.status.value());
	}

	/** What a non-zero EnOS code means for our callers. */
	static FailureReason reasonFor(int code) {
		return switch (code) {
			case 31400 -> FailureReason.REJECTED;
			case 31403 -> FailureReason.FORBIDDEN;
			case 31404 -> FailureReason.NOT_FOUND;
			case 1001, 1002, 1003, 1004, 1005, 1202, 1203, 1204 -> FailureReason.AUTH_FAILED;
			default -> FailureReason.UPSTREAM_ERROR;
		};
	}

	@Override
	public String toString() {
		// Never the body: it is the upstream's, and may say more than we want in our
		// logs.
		return "EnosAnswer[status=" + this.status + ", code=" + code() + "]";
	}

}

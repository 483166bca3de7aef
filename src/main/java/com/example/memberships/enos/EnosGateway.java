package com.example.memberships.enos;

import java.time.Clock;
import java.util.Map;

import com.example.memberships.upstream.FailureReason;
import com.example.memberships.upstream.UpstreamErrors;
import com.example.memberships.upstream.UpstreamException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Signed calls to the EnOS API gateway, one code path for every app-portal endpoint: the
 * body is serialized once, signed over exactly those bytes and sent as is; the answer's
 * envelope is checked and its {@code data} read. When the gateway refuses the token, a
 * new one is fetched and the call tried once more.
 */
final class EnosGateway {

	static final String ACCESS_TOKEN_HEADER = "apim-accesstoken";

	static final String TIMESTAMP_HEADER = "apim-timestamp";

	static final String SIGNATURE_HEADER = "apim-signature";

	private final WebClient webClient;

	private final JsonMapper jsonMapper;

	private final EnosTokens tokens;

	private final String appSecret;

	private final Clock clock;

	EnosGateway(WebClient webClient, JsonMapper jsonMapper, EnosTokens tokens, String appSecret, Clock clock) {
		this.webClient = webClient;
		this.jsonMapper = jsonMapper;
		this.tokens = tokens;
		this.appSecret = appSecret;
		this.clock = clock;
	}

	/**
	 * POSTs {@code body} as JSON to {@code path} and reads the answer's {@code data}.
	 * @param upstream the name failures are reported under
	 * @param path the endpoint, relative to the gateway
	 * @param body the request, serialized with the JSON mapper
	 * @param dataType what {@code data} is read as; unknown fields must be ignored
	 * @return the data, or an {@link UpstreamException}: named {@code upstream}, or
	 * {@value EnosTokens#UPSTREAM} when no token could be had
	 */
	<T> Mono<T> post(String upstream, String path, Object body, Class<T> dataType) {
		return Mono.fromCallable(() -> this.jsonMapper.writeValueAsBytes(body))
			.flatMap((json) -> attempt(upstream, path, json, true))
			.map((data) -> this.jsonMapper.treeToValue(data, dataType))
			.onErrorMap((error) -> UpstreamErrors.translate(upstream, error));
	}

	private Mono<JsonNode> attempt(String upstream, String path, byte[] json, boolean mayRetry) {
		return this.tokens.get().flatMap((token) -> send(path, json, token).flatMap((answer) -> {
			if (!answer.tokenRejected()) {
				return Mono.just(answer.dataOrThrow(upstream));
			}
			this.tokens.reject(token);
			// Once only: a second refusal means our credentials, not the token's age.
			return mayRetry ? attempt(upstream, path, json, false)
					: Mono.error(new UpstreamException(upstream, FailureReason.AUTH_FAILED, answer.status().value()));
		}));
	}

	private Mono<EnosAnswer> send(String path, byte[] json, String token) {
		long timestamp = this.clock.millis();
		// No query parameters: everything goes in the body, and the signature covers it.
		String signature = EnosSignature.forRequest(token, Map.of(), json, timestamp, this.appSecret);
		return EnosAnswer.post(this.webClient, path, json, (headers) -> {
			headers.set(ACCESS_TOKEN_HEADER, token);
			headers.set(TIMESTAMP_HEADER, Long.toString(timestamp));
			headers.set(SIGNATURE_HEADER, signature);
		}, this.jsonMapper);
	}

}

package dev.memberships.enos;

import java.time.Clock;
import java.util.Map;

import dev.memberships.upstream.TokenRefusedException;
import dev.memberships.upstream.UpstreamResilience;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Signed calls to the EnOS API gateway, one code path for every app-portal endpoint: the
 * body is serialized once, signed over exactly those bytes and sent as is; the answer's
 * envelope is checked and its {@code data} read. When the gateway refuses the token, a
 * new one is fetched and the call tried once more. Each endpoint is an upstream of its
 * own, with its own rate-limit gate, retries, breaker and bulkhead.
 */
final class EnosGateway {

	static final String ACCESS_TOKEN_HEADER = "apim-accesstoken";

	static final String TIMESTAMP_HEADER = "apim-timestamp";

	static final String SIGNATURE_HEADER = "apim-signature";

	private final JsonMapper jsonMapper;

	private final EnosTokens tokens;

	private final String appSecret;

	private final Clock clock;

	EnosGateway(JsonMapper jsonMapper, EnosTokens tokens, String appSecret, Clock clock) {
		this.jsonMapper = jsonMapper;
		this.tokens = tokens;
		this.appSecret = appSecret;
		this.clock = clock;
	}

	/**
	 * POSTs {@code body} as JSON to {@code path} and reads the answer's {@code data}.
	 * @param upstream the endpoint's upstream: failures are reported under its name
	 * @param path the endpoint, relative to the gateway
	 * @param body the request, serialized with the JSON mapper
	 * @param dataType what {@code data} is read as; unknown fields must be ignored
	 * @return the data, or an {@link UpstreamException}: named after {@code upstream}, or
	 * {@value EnosTokens#UPSTREAM} when no token could be had
	 */
	<T> Mono<T> post(Upstream upstream, String path, Object body, Class<T> dataType) {
		return upstream.resilience()
			.withDeadline(Mono.fromCallable(() -> this.jsonMapper.writeValueAsBytes(body))
				.flatMap((json) -> this.tokens.withToken((token) -> attempt(upstream, path, json, dataType, token))));
	}

	private <T> Mono<T> attempt(Upstream upstream, String path, byte[] json, Class<T> dataType, String token) {
		return upstream.resilience()
			.decorate(Mono.defer(() -> send(upstream.webClient(), path, json, token))
				.map((answer) -> Outcome.of(answer, upstream.name(), dataType, this.jsonMapper, this.clock)))
			// Turned into a failure outside the protection: for the breaker and the
			// retries a refused token is an answer.
			.flatMap((outcome) -> switch (outcome) {
				case Outcome.Data<T> data -> Mono.just(data.value());
				case Outcome.TokenRefused<T> refused ->
					Mono.error(new TokenRefusedException(upstream.name(), refused.status()));
			});
	}

	private Mono<EnosAnswer> send(WebClient webClient, String path, byte[] json, String token) {
		// Signed when sent, so that a retry carries a fresh timestamp.
		long timestamp = this.clock.millis();
		// No query parameters: everything goes in the body, and the signature covers it.
		String signature = EnosSignature.forRequest(token, Map.of(), json, timestamp, this.appSecret);
		return EnosAnswer.post(webClient, path, json, (headers) -> {
			headers.set(ACCESS_TOKEN_HEADER, token);
			headers.set(TIMESTAMP_HEADER, Long.toString(timestamp));
			headers.set(SIGNATURE_HEADER, signature);
		}, this.jsonMapper);
	}

	/**
	 * One EnOS endpoint as an upstream.
	 *
	 * @param name the name its failures, instances and metrics carry
	 * @param webClient the gateway's client, with the upstream's rate-limit filter
	 * @param resilience the upstream's protection
	 */
	record Upstream(String name, WebClient webClient, UpstreamResilience resilience) {

	}

	/**
	 * What one answer gave: the data, or a refused token. Every other failure is thrown,
	 * inside the upstream's protection, so that the breaker and retries judge it.
	 */
	private sealed interface Outcome<T> {

		static <T> Outcome<T> of(EnosAnswer answer, String upstream, Class<T> dataType, JsonMapper jsonMapper,
				Clock clock) {
			if (answer.tokenRejected()) {
				return new TokenRefused<>(answer.status().value());
			}
			return new Data<>(jsonMapper.treeToValue(answer.dataOrThrow(upstream, clock), dataType));
		}

		/** The answer's data. */
		record Data<T>(T value) implements Outcome<T> {
		}

		/** The gateway refused the token, with this HTTP status. */
		record TokenRefused<T>(int status) implements Outcome<T> {
		}

	}

}

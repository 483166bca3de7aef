package dev.memberships.enos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.memberships.upstream.AccessToken;
import dev.memberships.upstream.CachedToken;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamErrors;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilience;
import dev.memberships.upstream.Upstreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The EnOS gateway's access token, fetched from the APIM token service and shared by
 * every call until shortly before it expires. Fetches go through the {@value #UPSTREAM}
 * upstream's protection (rate-limit gate, retries of outages, breaker, and a backoff
 * after failed fetches). Any failure to get one is reported as
 * {@link FailureReason#AUTH_FAILED} from upstream {@value #UPSTREAM}.
 */
final class EnosTokens {

	static final String UPSTREAM = Upstreams.ENOS_TOKEN;

	static final String PATH = "/apim-token-service/v2.0/token/get";

	/**
	 * Replaced this long before expiry, so a token never expires between read and use.
	 */
	private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

	private static final Log logger = LogFactory.getLog(EnosTokens.class);

	private final WebClient webClient;

	private final JsonMapper jsonMapper;

	private final EnosProperties properties;

	private final Clock clock;

	private final CachedToken cached;

	EnosTokens(WebClient webClient, JsonMapper jsonMapper, EnosProperties properties, Clock clock,
			UpstreamResilience resilience) {
		this.webClient = webClient;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.clock = clock;
		this.cached = new CachedToken(resilience, Mono.defer(this::fetch), REFRESH_BEFORE, clock);
	}

	/**
	 * A call made with the current token, and once more with a new one when the gateway
	 * refuses it ({@link CachedToken#withToken}).
	 */
	<T> Mono<T> withToken(Function<String, Mono<T>> call) {
		return this.cached.withToken(call);
	}

	/** The current token, fetched when none is held. */
	Mono<String> get() {
		return this.cached.get();
	}

	private Mono<AccessToken> fetch() {
		Instant now = this.clock.instant();
		long timestamp = now.toEpochMilli();
		String encryption = EnosSignature.forToken(this.properties.appKey(), timestamp, this.properties.appSecret());
		byte[] body = this.jsonMapper
			.writeValueAsBytes(new TokenRequest(this.properties.appKey(), encryption, timestamp));
		return EnosAnswer.post(this.webClient, PATH, body, (headers) -> {
		}, this.jsonMapper).map((answer) -> toToken(answer, now));
	}

	/**
	 * The token, or the failure the answer stands for: a 5xx is an outage (retried), a
	 * 429 a rate limit (waited out), an unreadable answer a bad response, anything else
	 * refused credentials.
	 */
	private AccessToken toToken(EnosAnswer answer, Instant requestedAt) {
		int status = answer.status().value();
		if (status == 429 || answer.status().is5xxServerError()) {
			logger.warn("EnOS token request failed: HTTP " + status);
			throw UpstreamErrors.forStatus(UPSTREAM, answer.status(), answer.headers(), this.clock);
		}
		TokenAnswer token = (answer.status().is2xxSuccessful() && answer.body() != null)
				? this.jsonMapper.treeToValue(answer.body(), TokenAnswer.class) : null;
		if (token == null || token.status() == null || token.status() != 0 || token.data() == null
				|| !StringUtils.hasText(token.data().accessToken()) || token.data().expire() == null
				|| token.data().expire() <= 0) {
			// Numbers only: enough to tell a wrong key from an outage, nothing secret.
			logger.warn("EnOS token request failed: HTTP " + status + ", status "
					+ ((token != null) ? token.status() : null));
			boolean unreadable = answer.status().is2xxSuccessful()
					&& (token == null || token.status() == null || token.status() == 0);
			throw new UpstreamException(UPSTREAM, unreadable ? FailureReason.BAD_RESPONSE : FailureReason.AUTH_FAILED,
					status);
		}
		// Counted from the request, not the answer, so a token is never trusted too long.
		return new AccessToken(token.data().accessToken(), requestedAt.plusSeconds(token.data().expire()));
	}

	record TokenRequest(String appKey, String encryption, long timestamp) {

		@Override
		public String toString() {
			return "TokenRequest[appKey=" + this.appKey + ", timestamp=" + this.timestamp + "]";
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record TokenAnswer(Integer status, TokenData data) {

	}

	/**
	 * What a successful token request answers.
	 *
	 * @param expire the token's lifetime in seconds
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TokenData(String accessToken, Long expire) {

		@Override
		public String toString() {
			return "TokenData[expire=" + this.expire + "]";
		}

	}

}

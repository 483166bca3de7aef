package dev.memberships.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.memberships.upstream.AccessToken;
import dev.memberships.upstream.CachedToken;
import dev.memberships.upstream.FailureReason;
import dev.memberships.upstream.UpstreamErrors;
import dev.memberships.upstream.UpstreamException;
import dev.memberships.upstream.UpstreamResilience;
import dev.memberships.upstream.Upstreams;
import reactor.core.publisher.Mono;

import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.web.reactive.function.OAuth2BodyExtractors;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Management API tokens from Auth0's client-credentials grant. The grant itself is left
 * to Spring Security's OAuth2 client; this class only adds Auth0's {@code audience},
 * protects the token endpoint ({@code auth0-token}: rate-limit gate, retries of outages,
 * breaker, and a backoff after failed fetches) and turns every failure into
 * {@code AUTH_FAILED} without a word of the token endpoint's answer.
 */
final class Auth0Tokens {

	static final String UPSTREAM = Upstreams.AUTH0_TOKEN;

	/** Auth0's own Java SDK replaces its token this long before expiry. */
	static final Duration REFRESH_BEFORE = Duration.ofSeconds(120);

	private static final BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> TOKEN_RESPONSE = OAuth2BodyExtractors
		.oauth2AccessTokenResponse();

	private Auth0Tokens() {
	}

	/**
	 * A token cache that fetches from {@code {baseUrl}/oauth/token} through the given
	 * client, which shares the Management API calls' connection pool.
	 */
	static CachedToken cachedToken(WebClient webClient, Auth0Properties properties, Clock clock,
			UpstreamResilience resilience) {
		WebClientReactiveClientCredentialsTokenResponseClient client = new WebClientReactiveClientCredentialsTokenResponseClient();
		client.setWebClient(webClient);
		client.setBodyExtractor((message, context) -> readSuccessOnly(message, context, clock));
		client.addParametersConverter((request) -> audience(properties.effectiveAudience()));
		OAuth2ClientCredentialsGrantRequest grantRequest = new OAuth2ClientCredentialsGrantRequest(
				registration(properties));
		Mono<AccessToken> fetch = Mono.defer(() -> {
			Instant requestedAt = clock.instant();
			return client.getTokenResponse(grantRequest)
				.map((response) -> toAccessToken(response.getAccessToken(), requestedAt));
		})
			// Spring Security's exceptions carry the endpoint's error description, which
			// may echo what we sent: replace them, cause included.
			.onErrorMap((ex) -> !(ex instanceof UpstreamException), Auth0Tokens::classify);
		return new CachedToken(resilience, fetch, REFRESH_BEFORE, clock);
	}

	/**
	 * An outage (no connection, no answer in time) as such, so that it is retried;
	 * anything else Spring Security threw is an answer it could not read.
	 */
	private static UpstreamException classify(Throwable ex) {
		UpstreamException translated = UpstreamErrors.translate(UPSTREAM, ex);
		if (translated.reason() == FailureReason.TIMEOUT) {
			return translated;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof WebClientRequestException) {
				return new UpstreamException(UPSTREAM, FailureReason.UPSTREAM_ERROR);
			}
		}
		return new UpstreamException(UPSTREAM, FailureReason.BAD_RESPONSE);
	}

	private static ClientRegistration registration(Auth0Properties properties) {
		return ClientRegistration.withRegistrationId("auth0")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.tokenUri(UriComponentsBuilder.fromUriString(properties.baseUrl()).path("/oauth/token").toUriString())
			.build();
	}

	private static MultiValueMap<String, String> audience(String audience) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("audience", audience);
		return parameters;
	}

	/**
	 * Leaves an error answer's body unread; the exchange releases it. The status says
	 * what failed: a 5xx is retried, a 429 waited out, the rest is final.
	 */
	private static Mono<OAuth2AccessTokenResponse> readSuccessOnly(ReactiveHttpInputMessage message,
			BodyExtractor.Context context, Clock clock) {
		if (message instanceof ClientHttpResponse response && !response.getStatusCode().is2xxSuccessful()) {
			UpstreamException failure = UpstreamErrors.forStatus(UPSTREAM, response.getStatusCode(),
					response.getHeaders(), clock);
			return Mono.error(
					(failure.reason() == FailureReason.UPSTREAM_ERROR || failure.reason() == FailureReason.RATE_LIMITED
							|| failure.reason() == FailureReason.TIMEOUT) ? failure
									: new UpstreamException(UPSTREAM, FailureReason.AUTH_FAILED, failure.statusCode()));
		}
		return TOKEN_RESPONSE.extract(message, context);
	}

	/**
	 * Expiry is judged by our clock, from when the request left: Spring Security dates
	 * the token by the system clock on arrival, so only the lifetime it read is kept.
	 */
	private static AccessToken toAccessToken(OAuth2AccessToken token, Instant requestedAt) {
		Instant issuedAt = token.getIssuedAt();
		Instant expiresAt = token.getExpiresAt();
		Duration lifetime = (issuedAt != null && expiresAt != null) ? Duration.between(issuedAt, expiresAt)
				: Duration.ZERO;
		return new AccessToken(token.getTokenValue(), requestedAt.plus(lifetime));
	}

}

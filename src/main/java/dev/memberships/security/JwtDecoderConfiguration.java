package dev.memberships.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The one {@link JwtDecoder} of the API, built from Spring's standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties, the same in demo and
 * real mode. Every token must be:
 * <ul>
 * <li>signed with an algorithm of {@code jws-algorithms} (default {@code RS256}; only
 * asymmetric ones exist there, so {@code none} and HMAC never verify) by a key of the
 * issuer's JWKS ({@code jwk-set-uri}, or found through the issuer's OpenID configuration,
 * lazily on the first token);</li>
 * <li>issued by {@code issuer-uri} ({@code iss}, required);</li>
 * <li>meant for one of {@code audiences} ({@code aud}, required);</li>
 * <li>unexpired, with an {@code exp} (required) and {@code nbf} judged with
 * {@code memberships.security.clock-skew};</li>
 * <li>of type {@code JWT} or {@code at+jwt} when it says its type.</li>
 * </ul>
 * Without an issuer or an audience the service does not start.
 * <p>
 * A token accepted once is remembered until its {@code exp}, at most
 * {@code memberships.security.token-cache.max-ttl}, and is not verified again meanwhile
 * ({@link ValidatedTokenCache}).
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, ApiSecurityProperties security, Clock clock,
			Ticker ticker, ObjectProvider<MeterRegistry> meters) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		List<String> problems = new ArrayList<>();
		String issuer = jwt.getIssuerUri();
		if (!StringUtils.hasText(issuer)) {
			problems.add(PREFIX + "issuer-uri is not set (environment variable "
					+ "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI): the issuer every token must name in 'iss'");
		}
		List<String> audiences = jwt.getAudiences().stream().filter(StringUtils::hasText).toList();
		if (audiences.isEmpty()) {
			problems.add(PREFIX + "audiences is not set (environment variable "
					+ "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES): the audience (API identifier) every "
					+ "token must name in 'aud'");
		}
		Set<SignatureAlgorithm> algorithms = new java.util.LinkedHashSet<>();
		for (String name : jwt.getJwsAlgorithms()) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
			if (algorithm == null) {
				problems.add(PREFIX + "jws-algorithms names '" + name + "', which is not an asymmetric JWS "
						+ "algorithm (RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512)");
			}
			else {
				algorithms.add(algorithm);
			}
		}
		if (jwt.getJwsAlgorithms().isEmpty()) {
			problems.add(PREFIX + "jws-algorithms is empty");
		}
		if (!problems.isEmpty()) {
			throw new ResourceServerNotConfiguredException(problems);
		}
		OAuth2TokenValidator<Jwt> validator = validator(Objects.requireNonNull(issuer), audiences, security.clockSkew(),
				clock);
		String jwkSetUri = jwt.getJwkSetUri();
		JwtDecoder decoder;
		if (StringUtils.hasText(jwkSetUri)) {
			decoder = build(NimbusJwtDecoder.withJwkSetUri(jwkSetUri), algorithms, validator);
		}
		else {
			// Discovery asks the issuer, so it waits for the first token: the service
			// starts even while the identity provider is unreachable.
			decoder = new SupplierJwtDecoder(
					() -> build(NimbusJwtDecoder.withIssuerLocation(issuer), algorithms, validator));
		}
		return remembering(decoder, security.tokenCache(), clock, ticker, meters);
	}

	private static JwtDecoder remembering(JwtDecoder decoder, ApiSecurityProperties.TokenCache policy, Clock clock,
			Ticker ticker, ObjectProvider<MeterRegistry> meters) {
		if (policy.maximumSize() == 0) {
			return decoder;
		}
		ValidatedTokenCache cache = new ValidatedTokenCache(decoder, policy, clock, ticker);
		meters.ifAvailable((registry) -> CaffeineCacheMetrics.monitor(registry, cache.caffeine(), "tokens"));
		return cache;
	}

	private static NimbusJwtDecoder build(JwkSetUriJwtDecoderBuilder builder, Set<SignatureAlgorithm> algorithms,
			OAuth2TokenValidator<Jwt> validator) {
		NimbusJwtDecoder decoder = builder.jwsAlgorithms((allowed) -> {
			allowed.clear();
			allowed.addAll(algorithms);
		}).build();
		decoder.setJwtValidator(validator);
		return decoder;
	}

	/** Everything checked once the signature is good. */
	private static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences, Duration clockSkew,
			Clock clock) {
		JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
		type.setAllowEmpty(true);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
		timestamps.setClock(clock);
		List<OAuth2TokenValidator<Jwt>> validators = List.of(type, timestamps,
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull), new JwtIssuerValidator(issuer),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
		// Adds the X.509-bound token check; keeps our timestamp and type validators.
		return JwtValidators.createDefaultWithValidators(validators);
	}

}

package dev.memberships.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The benchmark's own token issuer, as the tests' {@code TestTokens}: an RSA key whose
 * JWKS the simulated upstreams serve, and RS256 tokens the service validates exactly as
 * it validates Auth0's.
 */
final class BenchIssuer {

	static final String ISSUER = "https://memberships-bench.eu.auth0.com/";

	static final String AUDIENCE = "https://memberships.bench/api";

	private final RSAKey key;

	BenchIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("bench-key")
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	byte[] jwks() {
		return new JWKSet(this.key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The properties that make the service trust this issuer. */
	Map<String, String> properties(String jwkSetUri) {
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri,
				"spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
	}

	/** A service's token (scope {@code read:memberships}), valid for two hours. */
	String serviceToken() {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.subject("bench-load@clients")
			.claim("scope", "read:memberships")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
			.jwtID(UUID.randomUUID().toString())
			.build();
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

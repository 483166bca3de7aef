package dev.memberships.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * A token issuer for the demo, laid out like an Auth0 tenant: the issuer is
 * {@code <base-url>/issuer/} and its public keys are at
 * {@code <base-url>/issuer/.well-known/jwks.json}. It signs RS256 access tokens with an
 * RSA key made at start-up that never leaves the process, so its tokens are worthless
 * once the demo stops. There is no token endpoint: the demo logs ready tokens instead.
 * <p>
 * Public so that tests of other packages can mint tokens the demo accepts.
 */
public final class DemoIssuer implements HttpHandler {

	static final String PREFIX = "/issuer/";

	static final String JWKS_PATH = PREFIX + ".well-known/jwks.json";

	/** The audience the demo tokens are for, and the API accepts in the demo. */
	public static final String AUDIENCE = "https://memberships.demo/api";

	private final String issuer;

	private final RSAKey key;

	private final NimbusJwtEncoder encoder;

	DemoIssuer(String baseUrl) {
		this.issuer = baseUrl + PREFIX;
		try {
			this.key = new RSAKeyGenerator(2048).keyID("demo-" + UUID.randomUUID())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not make the demo issuer's key", ex);
		}
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key)));
	}

	/** {@code <base-url>/issuer/}: the {@code iss} of every token minted here. */
	public String issuer() {
		return this.issuer;
	}

	String jwkSetUri() {
		return this.issuer.substring(0, this.issuer.length() - PREFIX.length()) + JWKS_PATH;
	}

	/**
	 * An RS256 access token of this issuer.
	 * @param subject the {@code sub}: a user id such as {@code auth0|alice}, or a client
	 * such as {@code demo-service@clients}
	 * @param audience the {@code aud}
	 * @param scopes the scopes granted, as Auth0 writes them in {@code scope}
	 * @param ttl how long the token is valid
	 * @return the compact serialization
	 */
	public String mint(String subject, String audience, Collection<String> scopes, Duration ttl) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.subject(subject)
			.audience(java.util.List.of(audience))
			.issuedAt(now)
			.expiresAt(now.plus(ttl))
			.id(UUID.randomUUID().toString());
		if (!scopes.isEmpty()) {
			claims.claim("scope", String.join(" ", scopes));
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.key.getKeyID()).type("JWT").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getRawPath().equals(JWKS_PATH)) {
				DemoHttp.send(exchange, 200, new JWKSet(this.key).toJSONObject(true));
			}
			else {
				DemoHttp.send(exchange, 404, DemoHttp.object("error", "Not Found"));
			}
		}
	}

}

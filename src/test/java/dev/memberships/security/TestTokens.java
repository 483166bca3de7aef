package dev.memberships.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Tokens for tests, minted with a local RSA key; its JWKS is served by a small in-process
 * HTTP server, so the service validates them exactly as it validates an identity
 * provider's. Nothing calls a real identity provider.
 * <p>
 * Register the resource-server properties with {@link #register}, then send
 * {@code Authorization: Bearer } + {@link #user}, {@link #service()} or {@link #admin()},
 * or a token built with {@link #token}.
 */
public final class TestTokens {

	/** The issuer the service is told to trust; never called (the JWKS URI is given). */
	public static final String ISSUER = "https://memberships-test.eu.auth0.com/";

	/** The API identifier the service is told to require in {@code aud}. */
	public static final String AUDIENCE = "https://memberships.test/api";

	public static final String SERVICE_SCOPE = "read:memberships";

	public static final String ADMIN_SCOPE = "admin:memberships";

	public static final String SERVICE = "test-service@clients";

	public static final String OPERATOR = "test-operator@clients";

	private static final RSAKey KEY = newKey("test-key");

	/** Another key under the same key id: what an attacker could sign with. */
	private static final RSAKey OTHER_KEY = newKey("test-key");

	private static final String JWK_SET_URI = serveJwks();

	private TestTokens() {
	}

	/** Tells the service to accept this class's tokens, as a deployment tells it. */
	public static void register(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The resource-server properties that make the service accept this class's tokens.
	 */
	public static Map<String, Object> properties() {
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", JWK_SET_URI,
				"spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
	}

	public static String jwkSetUri() {
		return JWK_SET_URI;
	}

	/** {@code Bearer <token>}, for the {@code Authorization} header. */
	public static String bearer(String token) {
		return "Bearer " + token;
	}

	/** A user's token: {@code sub} is the user id, no scope. */
	public static String user(String userId) {
		return token((claims) -> claims.subject(userId));
	}

	/** A service's token: the service scope, read anyone's memberships. */
	public static String service() {
		return token((claims) -> claims.subject(SERVICE).claim("scope", SERVICE_SCOPE));
	}

	/** An operator's token: the admin scope, for the operator endpoints. */
	public static String admin() {
		return token((claims) -> claims.subject(OPERATOR).claim("scope", ADMIN_SCOPE));
	}

	/**
	 * A valid RS256 token (issuer, audience, an hour to live) that the customizer may
	 * change.
	 */
	public static String token(Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(KEY, header().build(), claims(customizer));
	}

	/** Signed by this class's key, with the given header. */
	public static String token(JWSHeader header, Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(KEY, header, claims(customizer));
	}

	/** Valid in every claim, but signed by another key under the trusted key id. */
	public static String signedByAnotherKey(String userId) {
		return sign(OTHER_KEY, header().build(), claims((claims) -> claims.subject(userId)));
	}

	/** {@code alg: none}: no signature at all. */
	public static String unsigned(String userId) {
		return new PlainJWT(claims((claims) -> claims.subject(userId).claim("scope", SERVICE_SCOPE))).serialize();
	}

	/**
	 * HS256 with the trusted public key as the HMAC secret: the algorithm-confusion
	 * attack on verifiers that take the algorithm from the token.
	 */
	public static String hmacSignedWithPublicKey(String userId) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
					claims((claims) -> claims.subject(userId).claim("scope", SERVICE_SCOPE)));
			jwt.sign(new MACSigner(KEY.toRSAPublicKey().getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static JWSHeader.Builder header() {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).type(JOSEObjectType.JWT);
	}

	private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.jwtID(UUID.randomUUID().toString());
		customizer.accept(claims);
		return claims.build();
	}

	private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey newKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// The JWKS on 127.0.0.1, for the whole test run. Started from a daemon thread so its
	// dispatcher never keeps the JVM alive.
	private static String serveJwks() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(KEY).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				try (exchange; OutputStream body = exchange.getResponseBody()) {
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, jwks.length);
					body.write(jwks);
				}
			});
			Thread starter = Thread.ofPlatform().daemon().start(server::start);
			starter.join();
			return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

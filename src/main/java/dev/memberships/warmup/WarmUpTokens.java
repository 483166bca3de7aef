package dev.memberships.warmup;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The tokens the warm-up's own requests carry, and the API's {@link JwtDecoder} wrapped
 * to accept them while, and only while, the request path warms up (the pod is not ready
 * then). The key pair is made in this process when the warm-up starts and dropped when it
 * ends; its private half never leaves the process and its key id is random, so no token
 * made elsewhere can ever be accepted through it. Every other token goes to the
 * configured decoder unchanged; once the warm-up is over that is one volatile read.
 */
final class WarmUpTokens {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private final Clock clock;

	private volatile @Nullable Issuer issuer;

	private volatile @Nullable CompletableFuture<Issuer> starting;

	WarmUpTokens(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Starts making a key pair, on a thread of its own. Making a 2048-bit RSA key pair
	 * takes a young JVM a good part of a second of CPU: started with the warm-up's other
	 * steps, it is made while they wait for the upstreams.
	 */
	void start() {
		this.starting = CompletableFuture.supplyAsync(WarmUpTokens::newIssuer,
				(task) -> Thread.ofVirtual().name("warm-up-keys").start(task));
	}

	/**
	 * Waits for the key pair {@link #start()} began, at most {@code timeout}, and accepts
	 * tokens signed with it until {@link #stop()}.
	 */
	void awaitStarted(Duration timeout) throws Exception {
		CompletableFuture<Issuer> starting = this.starting;
		if (starting == null) {
			throw new IllegalStateException("The warm-up's tokens were not started");
		}
		this.issuer = starting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	void stop() {
		this.starting = null;
		this.issuer = null;
	}

	private static Issuer newIssuer() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new Issuer(UUID.randomUUID().toString(), generator.generateKeyPair());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A bearer token for one of the warm-up's users, who may read their own memberships.
	 */
	String bearer(String userId) {
		Issuer issuer = this.issuer;
		if (issuer == null) {
			throw new IllegalStateException("The warm-up's tokens are not accepted now");
		}
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.keyId()).build(),
					new JWTClaimsSet.Builder().subject(userId)
						.issueTime(Date.from(this.clock.instant()))
						.expirationTime(Date.from(this.clock.instant().plus(LIFETIME)))
						.build());
			jwt.sign(new RSASSASigner(issuer.keys().getPrivate()));
			return "Bearer " + jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	JwtDecoder accepting(JwtDecoder configured) {
		return (token) -> {
			Issuer issuer = this.issuer;
			return (issuer != null && issuer.signed(token)) ? issuer.decoder().decode(token) : configured.decode(token);
		};
	}

	private record Issuer(String keyId, KeyPair keys, JwtDecoder decoder) {

		Issuer(String keyId, KeyPair keys) {
			this(keyId, keys, NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build());
		}

		boolean signed(String token) {
			try {
				return this.keyId.equals(SignedJWT.parse(token).getHeader().getKeyID());
			}
			catch (java.text.ParseException | RuntimeException ex) {
				// Not one of ours: the configured decoder rejects it as it always does.
				return false;
			}
		}

	}

}

package dev.memberships.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens its delegate accepted, so that a token sent again is neither
 * parsed nor its signature verified again: the answer is the very {@link Jwt} the
 * delegate gave, so authorities and rules see exactly what they saw the first time.
 * <ul>
 * <li>Only accepted tokens are remembered. A refused token is decoded, and refused, every
 * time it comes.</li>
 * <li>An entry is keyed by the SHA-256 of the whole token (signature included), never by
 * the token: a key of fixed size whatever the token's, and no lookup compares one
 * caller's token with another's ({@code String} hash codes are easy to collide, SHA-256
 * is not).</li>
 * <li>A token is remembered until its {@code exp} and at most {@code maxTtl}: for that
 * long, a key the issuer withdraws from its JWKS still verifies tokens already seen. It
 * is never answered from here once the clock has reached its {@code exp}, even when the
 * wall clock jumped ahead of the cache's ticker; from then on the delegate judges it,
 * with its clock skew, and nothing extends what the delegate accepts.</li>
 * <li>A token bound to a client certificate ({@code cnf}) is never remembered: whether it
 * comes with its certificate depends on the request, not on the token.</li>
 * <li>At most {@code maximumSize} tokens are remembered; the least useful go first.</li>
 * </ul>
 */
final class ValidatedTokenCache implements JwtDecoder {

	/**
	 * RFC 7800's confirmation claim: the token is bound to a key the caller must show.
	 */
	static final String CONFIRMATION = "cnf";

	private final JwtDecoder delegate;

	private final Duration maxTtl;

	private final Clock clock;

	private final Cache<String, Jwt> tokens;

	ValidatedTokenCache(JwtDecoder delegate, ApiSecurityProperties.TokenCache policy, Clock clock, Ticker ticker) {
		this.delegate = delegate;
		this.maxTtl = policy.maxTtl();
		this.clock = clock;
		this.tokens = Caffeine.newBuilder()
			.ticker(ticker)
			.maximumSize(policy.maximumSize())
			.expireAfter(Expiry.<String, Jwt>writing((hash, jwt) -> timeToKeep(jwt)))
			.recordStats()
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String hash = sha256(token);
		Jwt remembered = this.tokens.getIfPresent(hash);
		if (remembered != null) {
			if (timeToKeep(remembered).isPositive()) {
				return remembered;
			}
			this.tokens.asMap().remove(hash, remembered);
		}
		// Not tokens.get(hash, loader): a decode may fetch the issuer's keys, and
		// a loader holds a lock of the map while it runs. Two requests checking
		// one new token at once is harmless. A refused token throws here, so it
		// is never put.
		Jwt jwt = this.delegate.decode(token);
		if (!jwt.hasClaim(CONFIRMATION) && timeToKeep(jwt).isPositive()) {
			this.tokens.put(hash, jwt);
		}
		return jwt;
	}

	/** The cache itself, for its metrics. */
	Cache<String, Jwt> caffeine() {
		return this.tokens;
	}

	/** Until {@code exp}, at most {@link #maxTtl}; zero once {@code exp} is reached. */
	private Duration timeToKeep(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(this.clock.instant(), expiresAt);
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		return (left.compareTo(this.maxTtl) < 0) ? left : this.maxTtl;
	}

	private static String sha256(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}

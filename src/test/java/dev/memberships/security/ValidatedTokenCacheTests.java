package dev.memberships.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.memberships.testsupport.MutableClock;
import dev.memberships.testsupport.MutableTicker;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The validated-token cache alone, in front of a decoder that accepts the tokens it was
 * told about (refusing them, as the real validator does, once past their {@code exp} plus
 * 30 s of clock skew), and counts what it is asked. Time moves by hand: the clock judges
 * {@code exp}, the ticker ages the cache's entries.
 */
class ValidatedTokenCacheTests {

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final MutableTicker ticker = new MutableTicker();

	private final CountingDecoder delegate = new CountingDecoder();

	private final ValidatedTokenCache cache = cache(10_000, Duration.ofMinutes(5));

	@Test
	void decodeWhenTokenSentAgainShouldAnswerTheSameJwtWithoutTheDelegate() {
		this.delegate.accept("token-a", Duration.ofHours(1));
		Jwt first = this.cache.decode("token-a");
		Jwt second = this.cache.decode("token-a");
		assertThat(second).isSameAs(first);
		assertThat(second.getSubject()).isEqualTo("token-a");
		assertThat(this.delegate.calls("token-a")).isEqualTo(1);
	}

	@Test
	void decodeWhenTokensDifferShouldRememberEachOnItsOwn() {
		this.delegate.accept("token-a", Duration.ofHours(1));
		this.delegate.accept("token-b", Duration.ofHours(1));
		Jwt a = this.cache.decode("token-a");
		Jwt b = this.cache.decode("token-b");
		assertThat(this.cache.decode("token-a")).isSameAs(a);
		assertThat(this.cache.decode("token-b")).isSameAs(b).isNotSameAs(a);
		assertThat(this.delegate.calls("token-a")).isEqualTo(1);
		assertThat(this.delegate.calls("token-b")).isEqualTo(1);
		assertThat(this.cache.caffeine().estimatedSize()).isEqualTo(2);
	}

	@Test
	void decodeWhenTokenDiffersOnlyInItsSignatureShouldAskTheDelegate() {
		this.delegate.accept("header.payload.signature", Duration.ofHours(1));
		this.cache.decode("header.payload.signature");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("header.payload.forged"));
		assertThat(this.delegate.calls("header.payload.forged")).isEqualTo(1);
	}

	@Test
	void decodeWhenDelegateRefusesShouldNotRememberAndRefuseEveryTime() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("forged"));
		assertThat(this.delegate.calls("forged")).isEqualTo(2);
		assertThat(this.cache.caffeine().estimatedSize()).isZero();
	}

	@Test
	void decodeAtExpShouldForgetTheTokenAndRefuseItOncePastTheSkew() {
		this.delegate.accept("token-a", Duration.ofMinutes(2));
		this.cache.decode("token-a");
		advance(Duration.ofMinutes(2));
		this.cache.caffeine().cleanUp();
		assertThat(this.cache.caffeine().asMap()).isEmpty();
		// At exp the delegate still accepts (clock skew), and the token is not kept.
		this.cache.decode("token-a");
		assertThat(this.delegate.calls("token-a")).isEqualTo(2);
		advance(CLOCK_SKEW.plusSeconds(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("token-a"))
			.withMessageContaining("expired");
		assertThat(this.delegate.calls("token-a")).isEqualTo(3);
	}

	@Test
	void decodeWhenClockPassesExpAheadOfTheTickerShouldAskTheDelegate() {
		// The wall clock may jump (NTP) while the cache's ticker does not: exp is judged
		// by the clock, as the validator judges it.
		this.delegate.accept("token-a", Duration.ofMinutes(2));
		this.cache.decode("token-a");
		this.clock.advance(Duration.ofMinutes(2).plus(CLOCK_SKEW).plusSeconds(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("token-a"));
		assertThat(this.delegate.calls("token-a")).isEqualTo(2);
	}

	@Test
	void decodeWhenTokenExpiredWithinTheSkewShouldNotRememberIt() {
		this.delegate.accept("token-a", Duration.ofSeconds(-5));
		this.cache.decode("token-a");
		this.cache.decode("token-a");
		assertThat(this.delegate.calls("token-a")).isEqualTo(2);
		assertThat(this.cache.caffeine().estimatedSize()).isZero();
	}

	@Test
	void decodeAfterMaxTtlShouldVerifyTheTokenAgain() {
		this.delegate.accept("token-a", Duration.ofHours(1));
		this.cache.decode("token-a");
		advance(Duration.ofMinutes(5).minusSeconds(1));
		this.cache.decode("token-a");
		assertThat(this.delegate.calls("token-a")).isEqualTo(1);
		advance(Duration.ofSeconds(1));
		this.cache.decode("token-a");
		assertThat(this.delegate.calls("token-a")).isEqualTo(2);
	}

	@Test
	void decodeWhenTokenIsBoundToACertificateShouldVerifyItEveryTime() {
		// Whether the certificate came with the token depends on the request.
		this.delegate.accept("bound", Duration.ofHours(1),
				Map.of(ValidatedTokenCache.CONFIRMATION, Map.of("x5t#S256", "thumbprint")));
		this.cache.decode("bound");
		this.cache.decode("bound");
		assertThat(this.delegate.calls("bound")).isEqualTo(2);
	}

	@Test
	void decodeWhenMoreTokensThanMaximumSizeShouldKeepAtMostMaximumSize() {
		ValidatedTokenCache small = cache(3, Duration.ofMinutes(5));
		List<String> tokens = IntStream.range(0, 10).mapToObj((i) -> "token-" + i).toList();
		tokens.forEach((token) -> this.delegate.accept(token, Duration.ofHours(1)));
		tokens.forEach(small::decode);
		small.caffeine().cleanUp();
		assertThat(small.caffeine().estimatedSize()).isEqualTo(3);
		tokens.forEach(small::decode);
		assertThat(tokens.stream().mapToInt(this.delegate::calls).sum()).isGreaterThan(10);
	}

	@Test
	void cacheKeysShouldBeHashesOfTheTokensNotTheTokens() {
		String shortToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
		String longToken = "eyJhbGciOiJSUzI1NiJ9." + "eyJzdWIiOiJi".repeat(200) + ".c2ln";
		this.delegate.accept(shortToken, Duration.ofHours(1));
		this.delegate.accept(longToken, Duration.ofHours(1));
		this.cache.decode(shortToken);
		this.cache.decode(longToken);
		assertThat(this.cache.caffeine().asMap().keySet()).hasSize(2).allSatisfy((key) -> {
			// SHA-256: 32 bytes, whatever the token's length.
			assertThat(key).hasSize(43).doesNotContain(".").doesNotContain("eyJ");
			assertThat(shortToken).doesNotContain(key);
			assertThat(longToken).doesNotContain(key);
		});
	}

	private ValidatedTokenCache cache(long maximumSize, Duration maxTtl) {
		return new ValidatedTokenCache(this.delegate, new ApiSecurityProperties.TokenCache(maximumSize, maxTtl),
				this.clock, this.ticker);
	}

	/** Time passes for both the clock and the cache's ticker. */
	private void advance(Duration duration) {
		this.clock.advance(duration);
		this.ticker.advance(duration);
	}

	/**
	 * Accepts the tokens it was told about until their {@code exp} plus the clock skew,
	 * refuses anything else, and counts every call by token.
	 */
	private final class CountingDecoder implements JwtDecoder {

		private final Map<String, Jwt> accepted = new HashMap<>();

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		void accept(String token, Duration timeToLive) {
			accept(token, timeToLive, Map.of());
		}

		void accept(String token, Duration timeToLive, Map<String, Object> claims) {
			Instant now = ValidatedTokenCacheTests.this.clock.instant();
			this.accepted.put(token,
					Jwt.withTokenValue(token)
						.header("alg", "RS256")
						.subject(token)
						.expiresAt(now.plus(timeToLive))
						.claims((all) -> all.putAll(claims))
						.build());
		}

		int calls(String token) {
			AtomicInteger count = this.calls.get(token);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public Jwt decode(String token) {
			this.calls.computeIfAbsent(token, (key) -> new AtomicInteger()).incrementAndGet();
			Jwt jwt = this.accepted.get(token);
			if (jwt == null) {
				throw new BadJwtException("An error occurred while attempting to decode the Jwt: Invalid signature");
			}
			if (ValidatedTokenCacheTests.this.clock.instant().isAfter(jwt.getExpiresAt().plus(CLOCK_SKEW))) {
				throw new BadJwtException("An error occurred while attempting to decode the Jwt: Jwt expired");
			}
			return jwt;
		}

	}

}

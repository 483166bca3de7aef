package dev.memberships.warmup;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Fetches the issuer's public keys (and, without a {@code jwk-set-uri}, its OpenID
 * configuration first) before the first caller's token needs them: it hands the API's own
 * {@link JwtDecoder} a token under a key id the issuer never published. The decoder looks
 * the id up in the issuer's key set, which it fetches and keeps, finds nothing and
 * rejects the token before any signature check ({@link BadJwtException}): that rejection
 * is the step's success. A key set that cannot be fetched is a different error, the
 * step's failure.
 */
final class IssuerKeysWarmUp implements WarmUpStep {

	private static final String PROBE = part(
			"{\"alg\":\"RS256\",\"kid\":\"memberships-warm-up-probe\",\"typ\":\"JWT\"}") + "."
			+ part("{\"sub\":\"memberships-warm-up\",\"exp\":4102444800}") + "." + part("no signature");

	private final JwtDecoder decoder;

	IssuerKeysWarmUp(JwtDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public String name() {
		return "issuer-keys";
	}

	@Override
	public Mono<?> run() {
		// Nimbus fetches with blocking I/O: not on a Reactor or Netty thread.
		return Mono.fromCallable(() -> {
			try {
				this.decoder.decode(PROBE);
			}
			catch (BadJwtException expected) {
				return expected.getClass();
			}
			throw new IllegalStateException("the decoder accepted a token that nobody signed");
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private static String part(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}

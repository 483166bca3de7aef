package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An upstream access token, fetched once however many callers need it at the same moment,
 * reused until shortly before it expires, and replaced when the upstream rejects it.
 * Failed fetches are not cached: the next caller tries again.
 */
public final class CachedToken {

	private final Mono<AccessToken> cached;

	private final AtomicReference<@Nullable String> rejected = new AtomicReference<>();

	/**
	 * A token fetched when first asked for and kept until shortly before it expires.
	 * @param fetch fetches a new token from the token endpoint when subscribed to
	 * @param refreshBefore how long before its expiry a token is replaced
	 * @param clock the clock expiry is judged by
	 */
	public CachedToken(Mono<AccessToken> fetch, Duration refreshBefore, Clock clock) {
		// A fetch may hand back the very token just rejected (EnOS returns the same
		// token while it is valid). Once fetched anew it is trusted again; otherwise
		// every later call would fetch a token until that one expired.
		this.cached = fetch
			.doOnNext((token) -> this.rejected.updateAndGet((value) -> token.value().equals(value) ? null : value))
			.cacheInvalidateIf((token) -> token.value().equals(this.rejected.get())
					|| !clock.instant().isBefore(token.expiresAt().minus(refreshBefore)));
	}

	/** The current token, fetching one if there is none or it is about to expire. */
	public Mono<String> get() {
		return this.cached.map(AccessToken::value);
	}

	/**
	 * Marks a token as refused by the upstream, so the next {@link #get()} fetches a new
	 * one. Rejecting a token that was already replaced does nothing.
	 */
	public void reject(String token) {
		this.rejected.set(token);
	}

}

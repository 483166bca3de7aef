package dev.memberships.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An upstream access token, fetched once however many callers need it at the same moment,
 * reused until shortly before it expires, and replaced when the upstream rejects it.
 * Failed fetches are not cached: the next caller tries again. The two rules every client
 * follows with its token live here: a failed fetch is {@code AUTH_FAILED}, and a refused
 * token is replaced and the call tried once more ({@link #withToken}).
 */
public final class CachedToken {

	private final Mono<AccessToken> cached;

	private final AtomicReference<@Nullable String> rejected = new AtomicReference<>();

	/**
	 * A token fetched when first asked for and kept until shortly before it expires.
	 * @param endpoint the token endpoint's protection; its name is the upstream failures
	 * are reported under
	 * @param fetch fetches a new token from the token endpoint when subscribed to
	 * @param refreshBefore how long before its expiry a token is replaced
	 * @param clock the clock expiry is judged by
	 */
	public CachedToken(UpstreamResilience endpoint, Mono<AccessToken> fetch, Duration refreshBefore, Clock clock) {
		// A fetch may hand back the very token just rejected (EnOS returns the same
		// token while it is valid). Once fetched anew it is trusted again; otherwise
		// every later call would fetch a token until that one expired.
		this.cached = endpoint.decorate(fetch)
			// Whatever went wrong, the exception says nothing of the secret or the body.
			.onErrorMap((ex) -> asAuthFailed(endpoint.name(), ex))
			.doOnNext((token) -> this.rejected.updateAndGet((value) -> token.value().equals(value) ? null : value))
			.cacheInvalidateIf((token) -> token.value().equals(this.rejected.get())
					|| !clock.instant().isBefore(token.expiresAt().minus(refreshBefore)));
	}

	/** The current token, fetching one if there is none or it is about to expire. */
	public Mono<String> get() {
		return this.cached.map(AccessToken::value);
	}

	/**
	 * A call made with the current token. When the upstream refuses that token
	 * ({@link TokenRefusedException}), it is rejected, a new one fetched and the call
	 * made once more; a second refusal is the caller's failure, since it points at our
	 * credentials rather than at the token's age.
	 * @param call the call, given the token; cold, so that it can be made again
	 * @return the call's answer
	 */
	public <T> Mono<T> withToken(Function<String, Mono<T>> call) {
		return get().flatMap((token) -> call.apply(token).onErrorResume(TokenRefusedException.class, (ex) -> {
			reject(token);
			return get().flatMap(call);
		}));
	}

	/**
	 * Marks a token as refused by the upstream, so the next {@link #get()} fetches a new
	 * one. Rejecting a token that was already replaced does nothing.
	 */
	private void reject(String token) {
		this.rejected.set(token);
	}

	/**
	 * However the token endpoint failed, callers see {@code AUTH_FAILED}, with its status
	 * and how long to wait when known.
	 */
	private static UpstreamException asAuthFailed(String upstream, Throwable ex) {
		if (ex instanceof UpstreamException failure) {
			return new UpstreamException(upstream, FailureReason.AUTH_FAILED, failure.statusCode(),
					failure.retryAfter());
		}
		return new UpstreamException(upstream, FailureReason.AUTH_FAILED);
	}

}

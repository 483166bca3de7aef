package dev.memberships.membership;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.memberships.upstream.UpstreamException;

/**
 * User ids Auth0 recently answered 404 for. Auth0's budget is a few requests a second for
 * the whole tenant; a client retrying an unknown id must not spend it. Remembered for a
 * short time only, since the user may be created any moment.
 */
final class UnknownUsers {

	/**
	 * Auth0's 404 per user id, answered again as it was: an {@link UpstreamException} has
	 * no stack trace and takes no suppressed exceptions, so one instance can serve many.
	 */
	private final Cache<String, UpstreamException> ids;

	UnknownUsers(Duration ttl, long maximumSize, Ticker ticker) {
		this.ids = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(maximumSize).build();
	}

	/** The 404 remembered for the user, if any. */
	Optional<UpstreamException> notFound(String userId) {
		return Optional.ofNullable(this.ids.getIfPresent(userId));
	}

	void remember(String userId, UpstreamException notFound) {
		this.ids.put(userId, notFound);
	}

	void forget(String userId) {
		this.ids.invalidate(userId);
	}

	void forgetAll() {
		this.ids.invalidateAll();
	}

}

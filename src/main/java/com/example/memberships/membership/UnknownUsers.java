package com.example.memberships.membership;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * User ids Auth0 recently answered 404 for. Auth0's budget is a few requests a second for
 * the whole tenant; a client retrying an unknown id must not spend it. Remembered for a
 * short time only, since the user may be created any moment.
 */
final class UnknownUsers {

	private final Cache<String, Boolean> ids;

	UnknownUsers(Duration ttl, long maximumSize, Ticker ticker) {
		this.ids = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(maximumSize).build();
	}

	boolean contains(String userId) {
		return this.ids.getIfPresent(userId) != null;
	}

	void remember(String userId) {
		this.ids.put(userId, Boolean.TRUE);
	}

	void forget(String userId) {
		this.ids.invalidate(userId);
	}

	void forgetAll() {
		this.ids.invalidateAll();
	}

}

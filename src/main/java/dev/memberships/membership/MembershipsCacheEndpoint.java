package dev.memberships.membership;

import dev.memberships.membership.evictions.MembershipEvictions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Lets operators forget what is cached about one user, for example after changing their
 * memberships upstream: {@code DELETE /actuator/usercache/{userId}} on the management
 * port. On every instance when the Redis level is on (see {@link MembershipEvictions}).
 */
@Component
@Endpoint(id = "usercache")
class MembershipsCacheEndpoint {

	private final MembershipEvictions evictions;

	MembershipsCacheEndpoint(MembershipEvictions evictions) {
		this.evictions = evictions;
	}

	@DeleteOperation
	void evictUser(@Selector String userId) {
		this.evictions.evictUser(userId);
	}

	/**
	 * Forgets everything: {@code 204} when done (with Redis: every entry deleted, on
	 * every master of a cluster), {@code 503} with {@code complete: false}, the entries
	 * deleted and why, when the shared level was left part-way; asking again is safe.
	 */
	@DeleteOperation
	@Nullable WebEndpointResponse<MembershipEvictions.AllEvicted> evictAll() {
		MembershipEvictions.AllEvicted evicted = this.evictions.evictAll();
		return evicted.complete() ? null
				: new WebEndpointResponse<>(evicted, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
	}

}

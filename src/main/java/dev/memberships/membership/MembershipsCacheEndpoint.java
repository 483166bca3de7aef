package dev.memberships.membership;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * Lets operators forget what is cached about one user, for example after changing their
 * memberships upstream: {@code DELETE /actuator/usercache/{userId}} on the management
 * port.
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

	@DeleteOperation
	void evictAll() {
		this.evictions.evictAll();
	}

}

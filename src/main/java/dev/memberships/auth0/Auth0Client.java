package dev.memberships.auth0;

import java.util.List;

import dev.memberships.upstream.UpstreamException;
import reactor.core.publisher.Mono;

/**
 * The Auth0 Management API, as far as this service needs it.
 */
public interface Auth0Client {

	/**
	 * Every organization the user belongs to, all pages read.
	 * @param userId the Auth0 user id, as is (for example {@code auth0|42}); encoding it
	 * is the client's job
	 * @return the organizations, or an {@link UpstreamException} whose reason is
	 * {@code NOT_FOUND} when Auth0 does not know the user
	 */
	Mono<List<Auth0Organization>> getUserOrganizations(String userId);

	/**
	 * Fetches the Management API token ahead of the first call (a pod's warm-up), opening
	 * a pooled connection to Auth0 on the way. Asks about no user.
	 * @return completes once a token is held; fails as a token fetch fails
	 */
	default Mono<Void> fetchToken() {
		return Mono.empty();
	}

}

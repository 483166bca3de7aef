package dev.memberships.enos;

import java.util.List;

import dev.memberships.upstream.UpstreamException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The two EnOS app-portal v2.2 batch endpoints. Each call answers up to
 * {@value #MAX_USERS_PER_CALL} users of one organization unit (OU).
 * <p>
 * Failures are {@link UpstreamException}s. EnOS code 31404 is reported with reason
 * {@code NOT_FOUND}: for structures it means the OU is unknown; for user groups it means
 * the OU is unknown <em>or</em> some of the users are not in it.
 */
public interface EnosClient {

	int MAX_USERS_PER_CALL = 1000;

	/** The organization structures of each user, names in the given locale. */
	Mono<EnosAssignments> getUserStructures(String organizationId, List<String> userIds, @Nullable String locale);

	/** The user groups of each user. */
	Mono<EnosAssignments> getUserGroups(String organizationId, List<String> userIds);

	/**
	 * Fetches the gateway's access token ahead of the first call (a pod's warm-up),
	 * opening a pooled connection to the gateway on the way. Asks about no user.
	 * @return completes once a token is held; fails as a token fetch fails
	 */
	default Mono<Void> fetchToken() {
		return Mono.empty();
	}

}

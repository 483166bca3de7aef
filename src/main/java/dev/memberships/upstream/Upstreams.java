package dev.memberships.upstream;

import java.util.List;

/**
 * The upstreams, by the name their Resilience4j instances
 * ({@code resilience4j.*.instances}), metrics, rate-limit gates and failures carry: the
 * one place these names are written.
 */
public final class Upstreams {

	/** Auth0's Management API: a user's organizations. */
	public static final String AUTH0 = "auth0";

	/** Auth0's token endpoint, the client-credentials grant. */
	public static final String AUTH0_TOKEN = "auth0-token";

	/** EnOS's structure list, many users at a time. */
	public static final String ENOS_STRUCTURES = "enos-structures";

	/** EnOS's user group list, many users at a time. */
	public static final String ENOS_GROUPS = "enos-groups";

	/** The EnOS API gateway's token service. */
	public static final String ENOS_TOKEN = "enos-token";

	/** Every upstream. */
	public static final List<String> ALL = List.of(AUTH0, AUTH0_TOKEN, ENOS_STRUCTURES, ENOS_GROUPS, ENOS_TOKEN);

	/** The token endpoints, which back off after failed fetches. */
	static final List<String> TOKEN_ENDPOINTS = List.of(AUTH0_TOKEN, ENOS_TOKEN);

	private Upstreams() {
	}

}

package dev.memberships.membership.evictions;

import org.jspecify.annotations.Nullable;

/**
 * What can be forgotten of the cached answers, and the one way to ask for it: the
 * operator endpoint and Auth0 change events call this. Without Redis it forgets on this
 * instance only; with the Redis level switched on ({@code memberships.redis.enabled}) an
 * implementation that also reaches every other instance takes its place.
 */
public interface MembershipEvictions {

	/**
	 * Forgets everything cached about one user: every source, every OU and locale.
	 * @param userId the Auth0 user id
	 */
	void evictUser(String userId);

	/**
	 * Forgets one user's Auth0 organizations, for example after they joined or left one.
	 * @param userId the Auth0 user id
	 * @return whether every instance will forget them; {@code false} when only this one
	 * did, since the shared level did not answer
	 */
	boolean evictOrganizationsOf(String userId);

	/**
	 * Makes one user's Auth0 organizations stale without forgetting them: the next read
	 * asks Auth0, and serves them stale if Auth0 fails.
	 * @param userId the Auth0 user id
	 * @return whether every instance will hear of it, as for
	 * {@link #evictOrganizationsOf}
	 */
	boolean markOrganizationsStale(String userId);

	/**
	 * Makes the Auth0 organizations of every cached user who belongs to an organization
	 * stale, for example after it was renamed or deleted: each such user's next read asks
	 * Auth0, and a copy stays to serve stale if Auth0 fails, so that one event cannot
	 * turn a whole organization's answers partial.
	 * @param organizationId the Auth0 organization id
	 * @return whether every instance will hear of it, as for
	 * {@link #evictOrganizationsOf}
	 */
	boolean markOrganizationMembersStale(String organizationId);

	/**
	 * Forgets everything cached.
	 * @return whether the shared level, when there is one, was emptied to its end
	 */
	AllEvicted evictAll();

	/**
	 * What an evict-all did.
	 *
	 * @param sharedDeleted the entries deleted from the shared level
	 * @param complete whether every entry of the shared level was reached; false when a
	 * batch failed or timed out part-way, and the other instances may refill from entries
	 * left behind
	 * @param failure why it stopped early, or {@code null}
	 */
	record AllEvicted(long sharedDeleted, boolean complete, @Nullable String failure) {

		/** No shared level: this instance forgot everything. */
		public static final AllEvicted LOCAL = new AllEvicted(0, true, null);

	}

}

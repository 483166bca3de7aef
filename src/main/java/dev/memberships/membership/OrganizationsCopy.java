package dev.memberships.membership;

import java.time.Duration;
import java.util.Optional;

/**
 * A copy of Auth0's organizations that answers in place of per-user calls (the
 * organization index), and that falls behind when it is no longer kept current. The
 * answers it gave are then {@code STALE}, with its age.
 */
@FunctionalInterface
public interface OrganizationsCopy {

	/** No copy: every answer comes from Auth0, and its age is the cache's. */
	OrganizationsCopy NONE = (userId) -> Optional.empty();

	/**
	 * How old a user's organizations are when the copy answers for the user but is no
	 * longer kept current.
	 * @param userId the user
	 * @return the copy's age; empty while it is current, or when it does not answer for
	 * the user
	 */
	Optional<Duration> behindFor(String userId);

}

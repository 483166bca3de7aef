package dev.memberships.orgindex;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on the memberships the index holds ({@code max-memberships}): past it, the
 * index empties and stops for good, and per-user calls answer as without it.
 */
final class MembershipBound {

	// The index's own category, as before the bound had a class of its own: alerts may
	// name it.
	private static final Logger logger = LoggerFactory.getLogger(OrganizationIndex.class);

	private final long maxMemberships;

	private volatile boolean stopped;

	MembershipBound(long maxMemberships) {
		this.maxMemberships = maxMemberships;
	}

	boolean stopped() {
		return this.stopped;
	}

	/**
	 * Checks the state after a change that may have added memberships; past the bound,
	 * stops and empties it.
	 * @return {@code false} when it stopped the index
	 */
	boolean enforce(IndexState state) {
		if (state.table().memberships() <= this.maxMemberships) {
			return true;
		}
		logger.error("The organization index stopped: it would hold more than memberships.auth0.index."
				+ "max-memberships ({}) memberships. Answers come from per-user Auth0 calls, as without the index, "
				+ "until the bound is raised and the service restarted.", this.maxMemberships);
		this.stopped = true;
		state.clear();
		return false;
	}

}

package dev.memberships.orgindex;

import java.time.Instant;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

/**
 * Where this pod hands what it swept and the events it applied, for the other replicas to
 * load into theirs ({@link IndexReplica}). Alone, nowhere: {@link #LOCAL}. With Redis,
 * the sweeping pod publishes its sweep and every pod its events, so that the fleet sweeps
 * once at one {@code rate}. Calls come on the sweep's thread or an event's and must
 * return soon; a failure to share is the implementation's to log, never the caller's.
 */
public interface SharedIndex {

	/** No other replica: nothing is shared. */
	SharedIndex LOCAL = new SharedIndex() {
	};

	/**
	 * An organization this pod swept.
	 * @param organization the organization as listed
	 * @param members its members as the lists named them
	 * @param readStart when its first member page was requested
	 */
	default void swept(Auth0Organization organization, Set<String> members, Instant readStart) {
	}

	/**
	 * A sweep of this pod completed.
	 * @param listedOrganizations every organization it listed
	 * @param sweepStart when it started
	 * @param completedAt when it completed
	 */
	default void sweepCompleted(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
	}

	/**
	 * An event this pod received and applied, with the organization it read for it if
	 * any, so that no other pod reads it again.
	 */
	default void changed(IndexChange change) {
	}

}

package dev.memberships.orgindex;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.memberships.auth0.Auth0Organization;

/**
 * This pod's copy of the index as another replica's {@link SharedIndex} feeds it: a sweep
 * published by the pod that swept for the fleet, loaded through the index's own rules (so
 * events applied here that are newer than the sweep's reads still win), and the events
 * other pods received.
 */
public final class IndexReplica {

	private final OrganizationIndex index;

	private final IndexMetrics metrics;

	IndexReplica(OrganizationIndex index, IndexMetrics metrics) {
		this.index = index;
		this.metrics = metrics;
	}

	/**
	 * An organization as another pod swept it.
	 * @return {@code false} once the index has stopped
	 */
	public boolean swept(Auth0Organization organization, Set<String> members, Instant readStart) {
		return this.index.swept(organization, members, readStart);
	}

	/**
	 * Another pod's sweep, every organization of which was handed to {@link #swept}:
	 * those it did not list are gone.
	 * @param completedAt when the sweeping pod completed it; the index's age counts from
	 * then
	 */
	public void sweepCompleted(Set<String> listedOrganizations, Instant sweepStart, Instant completedAt) {
		this.index.sweepCompleted(listedOrganizations, sweepStart, completedAt);
	}

	/** When the last sweep this pod completed or loaded started. */
	public Optional<Instant> lastSweepStart() {
		return this.index.lastSweepStart();
	}

	/** An event another pod received and applied. */
	public void changed(IndexChange change) {
		if (this.index.apply(change)) {
			this.metrics.applied(change.type());
		}
	}

	/**
	 * An event another pod applied earlier, read again from the fleet's record of them
	 * before a sweep is loaded: applied by the same rules, not counted again.
	 */
	public void replayed(IndexChange change) {
		this.index.apply(change);
	}

	public boolean stopped() {
		return this.index.stopped();
	}

}

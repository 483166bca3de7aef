package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Instant;

import dev.memberships.auth0.Auth0Organization;
import dev.memberships.auth0.OrganizationDirectory;
import dev.memberships.membership.evictions.MembershipEvictions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Applies Auth0 change events to the index itself, before the caller evicts, so that the
 * next answer reads the change from the index. An organization the index does not know
 * yet, or one changed, is read with one {@code GET /api/v2/organizations/{id}}; that read
 * finishes after the caller's eviction, so what it changes is evicted again then. A read
 * that fails leaves the change to the next sweep.
 */
public final class IndexEvents {

	private static final Logger logger = LoggerFactory.getLogger(IndexEvents.class);

	private final OrganizationIndex index;

	private final OrganizationDirectory directory;

	private final ObjectProvider<MembershipEvictions> evictions;

	private final IndexMetrics metrics;

	private final SharedIndex shared;

	private final Clock clock;

	IndexEvents(OrganizationIndex index, OrganizationDirectory directory, ObjectProvider<MembershipEvictions> evictions,
			IndexMetrics metrics, SharedIndex shared, Clock clock) {
		this.shared = shared;
		this.index = index;
		this.directory = directory;
		this.evictions = evictions;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Applies one event, of any type; types that do not change the index are ignored.
	 * Once applied here, the change goes to the other replicas ({@link SharedIndex}).
	 * @param type the CloudEvents type, e.g. {@code organization.member.added}
	 * @param time when the change happened; arrival time when the event does not say
	 * @param userId the user the event names, if any
	 * @param organizationId the organization the event names, if any
	 */
	public void apply(String type, @Nullable Instant time, @Nullable String userId, @Nullable String organizationId) {
		IndexChange change = new IndexChange(type, (time != null) ? time : this.clock.instant(), userId, organizationId,
				null);
		boolean applied = switch (type) {
			case IndexChange.MEMBER_ADDED -> (userId != null && organizationId != null)
					&& withOrganization(organizationId, false, change, () -> evictions().evictOrganizationsOf(userId));
			case IndexChange.ORGANIZATION_CREATED, IndexChange.ORGANIZATION_UPDATED ->
				organizationId != null && withOrganization(organizationId, true, change,
						() -> evictions().markOrganizationMembersStale(organizationId));
			default -> applyAndShare(change);
		};
		if (applied) {
			this.metrics.applied(type);
		}
	}

	/**
	 * Applies a change that needs the organization: at once when the index knows it and
	 * need not read it again, else once read, then evicting what the late change touched.
	 */
	private boolean withOrganization(String organizationId, boolean reread, IndexChange change, Runnable evictLate) {
		Auth0Organization known = reread ? null : this.index.organization(organizationId).orElse(null);
		if (known != null) {
			return applyAndShare(change.with(known));
		}
		this.directory.organization(organizationId).subscribe((organization) -> {
			applyAndShare(change.with(organization));
			evictLate.run();
		}, (ex) -> logger.debug("Organization {} not read for an event; the next sweep brings it", organizationId, ex));
		return true;
	}

	/**
	 * Applies a change here, then hands it to the other replicas before the caller's
	 * eviction, which follows it on the same way to them.
	 */
	private boolean applyAndShare(IndexChange change) {
		if (!this.index.apply(change)) {
			return false;
		}
		this.shared.changed(change);
		return true;
	}

	private MembershipEvictions evictions() {
		return this.evictions.getObject();
	}

}

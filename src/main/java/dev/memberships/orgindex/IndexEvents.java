package dev.memberships.orgindex;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

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

	private final Clock clock;

	IndexEvents(OrganizationIndex index, OrganizationDirectory directory, ObjectProvider<MembershipEvictions> evictions,
			IndexMetrics metrics, Clock clock) {
		this.index = index;
		this.directory = directory;
		this.evictions = evictions;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Applies one event, of any type; types that do not change the index are ignored.
	 * @param type the CloudEvents type, e.g. {@code organization.member.added}
	 * @param time when the change happened; arrival time when the event does not say
	 * @param userId the user the event names, if any
	 * @param organizationId the organization the event names, if any
	 */
	public void apply(String type, @Nullable Instant time, @Nullable String userId, @Nullable String organizationId) {
		Instant when = (time != null) ? time : this.clock.instant();
		boolean applied = switch (type) {
			case "organization.member.added" ->
				(userId != null && organizationId != null) && withOrganization(organizationId, false,
						(organization) -> this.index.memberAdded(organization, userId, when),
						() -> evictions().evictOrganizationsOf(userId));
			case "organization.member.deleted" -> (userId != null && organizationId != null)
					&& run(() -> this.index.memberDeleted(organizationId, userId, when));
			case "organization.created",
					"organization.updated" ->
				organizationId != null && withOrganization(organizationId, true,
						(organization) -> this.index.organizationChanged(organization, when),
						() -> evictions().markOrganizationMembersStale(organizationId));
			case "organization.deleted" ->
				organizationId != null && run(() -> this.index.organizationDeleted(organizationId, when));
			case "user.deleted" -> userId != null && run(() -> this.index.userDeleted(userId, when));
			default -> false;
		};
		if (applied) {
			this.metrics.applied(type);
		}
	}

	/**
	 * Applies a change that needs the organization: at once when the index knows it and
	 * need not read it again, else once read, then evicting what the late change touched.
	 */
	private boolean withOrganization(String organizationId, boolean reread, Consumer<Auth0Organization> change,
			Runnable evictLate) {
		Auth0Organization known = reread ? null : this.index.organization(organizationId).orElse(null);
		if (known != null) {
			change.accept(known);
			return true;
		}
		this.directory.organization(organizationId).subscribe((organization) -> {
			change.accept(organization);
			evictLate.run();
		}, (ex) -> logger.debug("Organization {} not read for an event; the next sweep brings it", organizationId, ex));
		return true;
	}

	private MembershipEvictions evictions() {
		return this.evictions.getObject();
	}

	private static boolean run(Runnable change) {
		change.run();
		return true;
	}

}
